// The one file that speaks libcurl for the InfluxDB export.
#include <curl/curl.h>
#include <fmt/format.h>

#include <mutex>
#include <stdexcept>

#include "smokeping/export/influx_transport.hpp"

namespace smokeping::exports {

namespace {

constexpr std::size_t kAnswerKept = 512;  // enough of InfluxDB's error JSON for the log

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::size_t keep_answer(char* data, std::size_t size, std::size_t n, void* user) {
  auto* answer = static_cast<std::string*>(user);
  std::size_t room = kAnswerKept > answer->size() ? kAnswerKept - answer->size() : 0;
  answer->append(data, std::min(room, size * n));
  return size * n;
}

int check_cancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;  // non-zero aborts
}

template <typename T>
void set(CURL* h, CURLoption option, T value) {
  if (curl_easy_setopt(h, option, value) != CURLE_OK) {
    throw std::runtime_error(fmt::format("curl_easy_setopt {} failed", static_cast<int>(option)));
  }
}

class CurlTransport : public Transport {
 public:
  CurlTransport() {
    static std::once_flag global;
    std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  PostResult post(const Destination& to, const std::string& body,
                  const std::atomic<bool>& cancel) override {
    // One handle for all posts: it keeps the connection to InfluxDB open between batches.
    if (!easy_) easy_.reset(curl_easy_init());
    if (!easy_) return {PostResult::Status::failed, 0, "curl_easy_init failed"};
    CURL* h = easy_.get();
    curl_easy_reset(h);
    std::unique_ptr<curl_slist, ListDeleter> headers(
        curl_slist_append(nullptr, "Content-Type: text/plain; charset=utf-8"));
    char error[CURL_ERROR_SIZE] = "";
    std::string answer;
    long seconds = static_cast<long>(to.timeout.count());
    set(h, CURLOPT_URL, to.url.c_str());
    set(h, CURLOPT_PROTOCOLS_STR, "http,https");
    set(h, CURLOPT_NOSIGNAL, 1L);  // other threads run; no SIGALRM for timeouts
    set(h, CURLOPT_ERRORBUFFER, error);
    set(h, CURLOPT_HTTPHEADER, headers.get());
    set(h, CURLOPT_POST, 1L);
    set(h, CURLOPT_POSTFIELDS, body.data());
    set(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    set(h, CURLOPT_CONNECTTIMEOUT, seconds);
    set(h, CURLOPT_TIMEOUT, seconds);
    set(h, CURLOPT_WRITEFUNCTION, keep_answer);
    set(h, CURLOPT_WRITEDATA, &answer);
    set(h, CURLOPT_NOPROGRESS, 0L);
    set(h, CURLOPT_XFERINFOFUNCTION, check_cancel);
    set(h, CURLOPT_XFERINFODATA, &cancel);
    if (!to.username.empty() && !to.password.empty()) {
      set(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));  // sent with the request
      set(h, CURLOPT_USERNAME, to.username.c_str());
      set(h, CURLOPT_PASSWORD, to.password.c_str());
    }
    CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
      return {PostResult::Status::failed, 0, error[0] ? error : curl_easy_strerror(code)};
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    PostResult::Status verdict = post_status(status);
    if (verdict == PostResult::Status::ok) return {verdict, status, ""};
    if (status >= 300 && status < 400) {
      const char* location = nullptr;
      curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
      return {verdict, status,
              std::string("redirect not followed, Location: ") + (location ? location : "(none)")};
    }
    return {verdict, status, answer};
  }

 private:
  std::unique_ptr<CURL, EasyDeleter> easy_;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport() { return std::make_unique<CurlTransport>(); }

}  // namespace smokeping::exports
