// What a web page is built from: the config of this request, the request, its decoded form
// fields and the time. The pages (another part of web/) receive it from App.
#pragma once

#include <cstdint>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/web/http.hpp"

namespace smokeping::web {

struct PageInput {
  const config::Config& config;
  const Request& request;
  const protocol::FormFields& form;  // the query string of a GET, the fields of a POST
  std::int64_t now = 0;              // Unix seconds, read once for the request
};

}  // namespace smokeping::web
