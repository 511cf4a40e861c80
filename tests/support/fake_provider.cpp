#include "tests/support/fake_provider.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "bot/asio.hpp"
#include "core/text.hpp"

namespace stoop::testing {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::string FakeProvider::Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (equals_ignore_case(name, lower_name)) return value;
  }
  return {};
}

std::string FakeProvider::Request::form_field(const std::string& name) const {
  std::vector<std::pair<std::string, std::string>> fields;
  if (!form_decode(body, fields)) return {};
  for (auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

namespace {

// Coroutines are free functions with their state in parameters: a lambda
// coroutine would outlive the closure it was called on.
awaitable<void> serve(tcp::socket socket,
                      std::function<ClientResponse(const FakeProvider::Request&)> answer) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  while (true) {
    bhttp::request<bhttp::string_body> request;
    boost::system::error_code ec;
    stream.expires_after(std::chrono::seconds(30));
    co_await bhttp::async_read(stream, buffer, request, asio::redirect_error(use_awaitable, ec));
    if (ec) break;
    FakeProvider::Request recorded;
    recorded.method = std::string(request.method_string());
    recorded.target = std::string(request.target());
    for (const auto& f : request) {
      recorded.headers.emplace_back(to_lower_ascii(std::string(f.name_string())), std::string(f.value()));
    }
    recorded.body = request.body();
    ClientResponse reply = answer(recorded);
    if (reply.status == 0) break;
    bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(reply.status), 11};
    for (const auto& [name, value] : reply.headers) response.set(name, value);
    response.body() = reply.body;
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await bhttp::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
    if (ec || !request.keep_alive()) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

awaitable<void> accept_loop(tcp::acceptor* acceptor,
                            std::function<ClientResponse(const FakeProvider::Request&)> answer) {
  while (true) {
    boost::system::error_code ec;
    auto socket = co_await acceptor->async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    asio::co_spawn(acceptor->get_executor(), serve(std::move(socket), answer), asio::detached);
  }
}

} // namespace

struct FakeProvider::Impl {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;
};

ClientResponse FakeProvider::twilio_created(const std::string& sid) {
  ClientResponse response;
  response.status = 201;
  response.headers.emplace_back("content-type", "application/json");
  response.body = R"({"sid":")" + sid + R"(","status":"queued"})";
  return response;
}

FakeProvider::FakeProvider() : FakeProvider(0) {}

FakeProvider::FakeProvider(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();

  asio::co_spawn(impl_->io, accept_loop(&impl_->acceptor, [this](const Request& r) { return answer(r); }),
                 asio::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

FakeProvider::~FakeProvider() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void FakeProvider::set_handler(Handler handler) {
  std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

void FakeProvider::fail_next(int count, int status) {
  std::lock_guard lock(mutex_);
  fail_count_ = count;
  fail_status_ = status;
}

ClientResponse FakeProvider::answer(const Request& request) {
  std::unique_lock lock(mutex_);
  requests_.push_back(request);
  changed_.notify_all(); // a waiting test sees the request even while a slow handler runs
  ClientResponse reply;
  if (fail_count_ > 0) {
    --fail_count_;
    reply.status = fail_status_;
    reply.body = R"({"code":20500,"message":"Service unavailable"})";
  } else if (handler_) {
    auto handler = handler_;
    lock.unlock();
    reply = handler(request);
    lock.lock();
  } else {
    auto key = request.header("idempotency-key");
    auto& sid = sid_by_key_[key];
    if (sid.empty() || key.empty()) sid = "SM" + std::to_string(next_sid_++);
    reply = twilio_created(sid);
  }
  if (reply.status >= 200 && reply.status < 300) ++accepted_[request.header("idempotency-key")];
  changed_.notify_all();
  return reply;
}

std::vector<FakeProvider::Request> FakeProvider::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t FakeProvider::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

std::map<std::string, int> FakeProvider::accepted_keys() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

bool FakeProvider::wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

bool FakeProvider::wait_for_accepted(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return accepted_.size() >= count; });
}

} // namespace stoop::testing
