// The only file that speaks libcurl.
#include "smokeping/uplink/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace smokeping::uplink {

namespace {

constexpr const char* kUserAgent = "smokeping-slave/1.0";

struct CurlCleanup {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistCleanup {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl cannot be initialised");
    }
  });
}

struct Sink {
  std::string* body;
  std::size_t limit;
  bool overflow = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->body->size() + n > sink->limit) {
    sink->overflow = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

// A header of the final answer, "" when absent.
std::string header(CURL* h, const char* name) {
  curl_header* found = nullptr;
  if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &found) != CURLHE_OK || !found) return {};
  return found->value ? found->value : "";
}

template <typename T>
void set(CURL* h, CURLoption option, T value) {
  if (CURLcode rc = curl_easy_setopt(h, option, value); rc != CURLE_OK) {
    throw std::runtime_error(
        fmt::format("libcurl option {}: {}", static_cast<int>(option), curl_easy_strerror(rc)));
  }
}

}  // namespace

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) { global_init(); }

HttpAnswer HttpClient::post(const std::string& content_type, const std::string& body) {
  std::unique_ptr<CURL, CurlCleanup> handle(curl_easy_init());
  if (!handle) throw std::runtime_error("libcurl: cannot create a handle");
  CURL* h = handle.get();
  std::unique_ptr<curl_slist, SlistCleanup> headers;
  for (const std::string& line : {"Content-Type: " + content_type, std::string("Expect:")}) {
    curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
    if (!grown) throw std::bad_alloc();
    headers.release();
    headers.reset(grown);
  }
  HttpAnswer answer;
  Sink sink{&answer.body, options_.max_answer_bytes};
  char error[CURL_ERROR_SIZE] = "";
  const bool https = options_.url.rfind("https:", 0) == 0;
  long timeout = static_cast<long>(options_.timeout.count());

  set(h, CURLOPT_URL, options_.url.c_str());
  set(h, CURLOPT_PROTOCOLS_STR, "http,https");
  set(h, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: other threads are running
  set(h, CURLOPT_ERRORBUFFER, error);
  set(h, CURLOPT_USERAGENT, kUserAgent);
  set(h, CURLOPT_HTTPHEADER, headers.get());
  set(h, CURLOPT_POST, 1L);
  set(h, CURLOPT_POSTFIELDS, body.data());
  set(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  set(h, CURLOPT_CONNECTTIMEOUT, timeout);
  set(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  set(h, CURLOPT_LOW_SPEED_TIME, timeout);
  set(h, CURLOPT_WRITEFUNCTION, write_body);
  set(h, CURLOPT_WRITEDATA, &sink);
  set(h, CURLOPT_SSL_VERIFYPEER, 1L);
  set(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (options_.ca_file) set(h, CURLOPT_CAINFO, options_.ca_file->c_str());
  if (options_.client_cert) set(h, CURLOPT_SSLCERT, options_.client_cert->c_str());
  if (options_.client_key) set(h, CURLOPT_SSLKEY, options_.client_key->c_str());
  if (options_.follow_redirects) {
    set(h, CURLOPT_FOLLOWLOCATION, 1L);
    set(h, CURLOPT_MAXREDIRS, 5L);
    set(h, CURLOPT_POSTREDIR, static_cast<long>(CURL_REDIR_POST_ALL));  // stay a POST
    set(h, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
  } else {
    set(h, CURLOPT_FOLLOWLOCATION, 0L);
  }

  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    if (sink.overflow) {
      return HttpAnswer::failed(
          fmt::format("the answer is larger than {} bytes", options_.max_answer_bytes));
    }
    return HttpAnswer::failed(error[0] ? error : curl_easy_strerror(rc));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  answer.content_type = header(h, "Content-Type");
  answer.protocol = header(h, "Protocol");
  answer.key = header(h, "Key");
  answer.auth_key = header(h, "Auth-Key");
  return answer;
}

std::string url_for_logs(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  std::string_view authority =
      url.substr(start, end == std::string_view::npos ? url.npos : end - start);
  std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(url.substr(start + at + 1));
}

}  // namespace smokeping::uplink
