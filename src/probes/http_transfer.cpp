#include "http_transfer.hpp"

#include <curl/curl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>

#include <memory>
#include <mutex>

namespace smokeping::probes {

namespace {

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SList = std::unique_ptr<curl_slist, ListDeleter>;

struct Sink {
  const HttpTransferOptions* options;
  std::string* body;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  // Bodies we do not keep are read and dropped: the transfer time includes reading them all.
  if (sink->options->keep_body && sink->body->size() < (16u << 20)) {
    sink->body->append(data, size * count);
  }
  return size * count;
}

int set_socket_options(void* user, curl_socket_t fd, curlsocktype purpose) {
  auto* options = static_cast<const HttpTransferOptions*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKOPT_OK;
  if (options->tos) {
    int tos = *options->tos;
    // Both levels: the socket's family is not known here, and the wrong one just fails.
    ::setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos);
  }
  if (options->priority) {
    int priority = *options->priority;
    ::setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &priority, sizeof priority);
  }
  return CURL_SOCKOPT_OK;
}

SList to_slist(const std::vector<std::string>& items) {
  curl_slist* list = nullptr;
  for (const auto& item : items) list = curl_slist_append(list, item.c_str());
  return SList(list);
}

double seconds_info(CURL* easy, CURLINFO info) {
  curl_off_t us = 0;
  curl_easy_getinfo(easy, info, &us);
  return static_cast<double>(us) / 1e6;
}

}  // namespace

HttpTransferResult http_transfer(const HttpTransferOptions& options) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpTransferResult result;
  std::unique_ptr<CURL, EasyDeleter> owner(curl_easy_init());
  CURL* easy = owner.get();
  if (!easy) {
    result.error = "cannot create a libcurl handle";
    return result;
  }
  char error[CURL_ERROR_SIZE] = "";
  Sink sink{&options, &result.body};
  SList headers = to_slist(options.headers);
  SList resolves = to_slist(options.resolves);
  auto ms = [](std::chrono::microseconds t) {
    return static_cast<long>(std::max<long long>(1, (t.count() + 999) / 1000));
  };
  curl_easy_setopt(easy, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for name lookups
  curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &write_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(easy, CURLOPT_SOCKOPTFUNCTION, &set_socket_options);
  curl_easy_setopt(easy, CURLOPT_SOCKOPTDATA, &options);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, ms(options.timeout));
  if (options.connect_timeout) {
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, ms(*options.connect_timeout));
  }
  if (!options.user_agent.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  }
  if (!options.referer.empty()) curl_easy_setopt(easy, CURLOPT_REFERER, options.referer.c_str());
  if (!options.user_password.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERPWD, options.user_password.c_str());
  }
  if (!options.proxy.empty()) curl_easy_setopt(easy, CURLOPT_PROXY, options.proxy.c_str());
  if (!options.noproxy.empty()) curl_easy_setopt(easy, CURLOPT_NOPROXY, options.noproxy.c_str());
  if (!options.cookie.empty()) curl_easy_setopt(easy, CURLOPT_COOKIE, options.cookie.c_str());
  if (!options.cacert.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.cacert.c_str());
  if (!options.interface.empty()) {
    curl_easy_setopt(easy, CURLOPT_INTERFACE, options.interface.c_str());
  }
  if (headers) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
  if (resolves) curl_easy_setopt(easy, CURLOPT_RESOLVE, resolves.get());
  if (options.ip_version == 4) curl_easy_setopt(easy, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V4);
  if (options.ip_version == 6) curl_easy_setopt(easy, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
  if (options.http_version == 10) {
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_0);
  } else if (options.http_version == 11) {
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  } else if (options.http_version == 20) {
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
  }
  if (options.insecure) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (options.follow_redirects) {
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, options.max_redirects);
  }
  if (options.head_only) curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  if (options.fail_on_http_error) curl_easy_setopt(easy, CURLOPT_FAILONERROR, 1L);
  if (options.compressed) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  if (!options.post_data.empty()) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, options.post_data.c_str());
  }
  if (!options.method.empty()) {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, options.method.c_str());
  }

  CURLcode code = curl_easy_perform(easy);
  if (code != CURLE_OK) result.error = error[0] ? error : curl_easy_strerror(code);
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &result.status);
  result.total = seconds_info(easy, CURLINFO_TOTAL_TIME_T);
  result.namelookup = seconds_info(easy, CURLINFO_NAMELOOKUP_TIME_T);
  result.redirect = seconds_info(easy, CURLINFO_REDIRECT_TIME_T);
  result.connect = seconds_info(easy, CURLINFO_CONNECT_TIME_T);
  result.appconnect = seconds_info(easy, CURLINFO_APPCONNECT_TIME_T);
  result.pretransfer = seconds_info(easy, CURLINFO_PRETRANSFER_TIME_T);
  result.starttransfer = seconds_info(easy, CURLINFO_STARTTRANSFER_TIME_T);
  return result;
}

}  // namespace smokeping::probes
