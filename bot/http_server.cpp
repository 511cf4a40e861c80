#include "bot/http_server.hpp"

#include <algorithm>
#include <limits>
#include <list>
#include <mutex>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "bot/metrics.hpp"
#include "bot/websocket.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop {
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;

namespace {

using BeastRequest = http::request<http::string_body>;

constexpr std::size_t max_websocket_queue = 256;
constexpr std::size_t max_websocket_message = 64 * 1024;

// The peer's IP, looked up once per connection rather than once per request.
std::string remote_address_of(const tcp::socket& socket) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string() : endpoint.address().to_string();
}

HttpRequest to_request(const BeastRequest& in, const std::string& remote_address) {
  HttpRequest out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  for (const auto& field : in) out.headers.emplace_back(to_lower_ascii(std::string(field.name_string())), std::string(field.value()));
  out.body = in.body();
  out.remote_address = remote_address;
  return out;
}

} // namespace

std::string response_bytes(const HttpResponse& response, unsigned version, bool keep_alive) {
  auto reason = http::obsolete_reason(static_cast<http::status>(response.status));
  std::string out;
  out.reserve(128 + response.content_type.size() + response.body.size());
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  char status[4] = {char('0' + response.status / 100 % 10), char('0' + response.status / 10 % 10),
                    char('0' + response.status % 10), ' '};
  out.append(status, sizeof status);
  out.append(reason.data(), reason.size());
  out += "\r\nServer: stoop\r\n";
  if (!response.content_type.empty()) {
    out += "Content-Type: ";
    out += response.content_type;
    out += "\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  // HTTP/1.1 keeps a connection unless told to close; 1.0 closes unless told to keep it.
  if (version >= 11 && !keep_alive) out += "Connection: close\r\n";
  if (version < 11 && keep_alive) out += "Connection: keep-alive\r\n";
  out += "Content-Length: ";
  out += std::to_string(response.body.size());
  out += "\r\n\r\n";
  out += response.body;
  return out;
}

namespace {

class BeastWebSocketPeer final : public WebSocketPeer {
 public:
  explicit BeastWebSocketPeer(beast::tcp_stream stream) : ws_(std::move(stream)), signal_(ws_.get_executor()) {
    signal_.expires_at(std::chrono::steady_clock::time_point::max());
    ws_.read_message_max(max_websocket_message);
  }

  awaitable<bool> accept(const BeastRequest& request) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    boost::system::error_code ec;
    co_await ws_.async_accept(request, asio::redirect_error(use_awaitable, ec));
    co_return !ec;
  }

  void send(std::string text) override {
    asio::post(ws_.get_executor(), [self = shared(), text = std::move(text)]() mutable {
      if (self->closed_) return;
      if (self->queue_.size() >= max_websocket_queue) {
        log_warn("websocket", "dropping a client that does not keep up");
        self->close_now();
        return;
      }
      self->queue_.push_back(std::move(text));
      self->signal_.cancel();
    });
  }

  awaitable<std::optional<std::string>> receive() override {
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    co_await ws_.async_read(buffer, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      closed_ = true;
      signal_.cancel();
      co_return std::nullopt;
    }
    co_return beast::buffers_to_string(buffer.data());
  }

  void close() override {
    asio::post(ws_.get_executor(), [self = shared()] { self->close_now(); });
  }

  // Writes queued frames one at a time until the connection closes.
  awaitable<void> write_loop() {
    auto keep = shared();
    while (!closed_) {
      if (queue_.empty()) {
        boost::system::error_code ec;
        co_await signal_.async_wait(asio::redirect_error(use_awaitable, ec));
        signal_.expires_at(std::chrono::steady_clock::time_point::max());
        continue;
      }
      std::string frame = std::move(queue_.front());
      queue_.pop_front();
      ws_.text(true);
      boost::system::error_code ec;
      co_await ws_.async_write(asio::buffer(frame), asio::redirect_error(use_awaitable, ec));
      if (ec) close_now();
    }
  }

 private:
  std::shared_ptr<BeastWebSocketPeer> shared() {
    return std::static_pointer_cast<BeastWebSocketPeer>(shared_from_this());
  }
  void close_now() {
    if (closed_) return;
    closed_ = true;
    queue_.clear();
    signal_.cancel();
    beast::get_lowest_layer(ws_).close(); // also ends a pending read
  }

  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer signal_;
  std::deque<std::string> queue_;
  bool closed_ = false;
};

int status_of_read_error(const boost::system::error_code& ec) {
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return 0;
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::header_limit) return 431;
  if (ec.category() == boost::system::error_code(http::error::bad_method).category()) return 400;
  return 0; // a network error or a timeout: nobody to answer
}

// Parses what the buffer already holds until `done` says the parser has what
// it needs: without an asynchronous read, which would complete through a
// post even when nothing is left to read. `ec` is left clear when more bytes
// are needed, and holds the parser's error otherwise (a header or body over
// its limit, a malformed request), as the asynchronous read would report it.
template <class Done>
void parse_buffered(http::request_parser<http::string_body>& parser, beast::flat_buffer& buffer,
                    boost::system::error_code& ec, Done done) {
  while (!done() && buffer.size() > 0) {
    auto used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == http::error::need_more) {
      ec = {};
      return;
    }
    if (ec) return;
  }
}

struct InFlight {
  std::atomic<int>& count;
  explicit InFlight(std::atomic<int>& c) : count(c) { ++count; }
  ~InFlight() { --count; }
};

} // namespace

// A connection's deadline for the read or write under way. Arming a timer
// and cancelling it around every read and write cost a timer queue update and
// a cancelled handler to run per operation; instead the connection only
// stores the time, and one sweep of all connections cancels the socket of
// any whose time has passed. The time is set and cleared on the connection's
// strand; the sweep reads it, and the cancellation runs on that strand and
// only if the same time still stands.
struct HttpServer::Deadline {
  static constexpr std::int64_t none = std::numeric_limits<std::int64_t>::max();
  static std::int64_t now() { return std::chrono::steady_clock::now().time_since_epoch().count(); }

  void set(std::chrono::milliseconds from_now) {
    at.store(now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(from_now).count(),
             std::memory_order_relaxed);
  }
  void clear() { at.store(none, std::memory_order_relaxed); }
  // On the connection's strand: cancels its socket if `due` is still its deadline.
  static void cancel_if_still(std::shared_ptr<Deadline> deadline, std::int64_t due);

  std::atomic<std::int64_t> at{none}; // steady_clock ticks
  asio::any_io_executor strand;
  tcp::socket* socket = nullptr; // only on the strand; null once the connection is over
};

struct HttpServer::Deadlines {
  std::mutex mutex;
  std::list<std::shared_ptr<Deadline>> all;
};

HttpServer::HttpServer(asio::io_context& io, const ServerConfig& config, RequestHandler& handler, Metrics& metrics)
    : io_(io), config_(config), handler_(handler), metrics_(metrics),
      // A strand: the accept loop and begin_shutdown's close run on different
      // I/O threads otherwise, and touch the acceptor at the same time (TSan).
      acceptor_(asio::make_strand(io)), deadlines_(std::make_shared<Deadlines>()) {
  metrics_.describe("stoop_http_requests_total", "counter", "HTTP requests answered, by route and status.");
  metrics_.describe("stoop_http_request_duration_seconds", "histogram", "Time from a request read to its answer.");
  metrics_.describe("stoop_http_connections_refused_total", "counter", "Connections closed at once: over the cap.");
}

HttpServer::~HttpServer() = default;

void HttpServer::start() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(config_.listen_host, ec);
  if (ec) throw std::runtime_error("server.listen: \"" + config_.listen_host + "\" is not an IP address");
  tcp::endpoint endpoint(address, config_.listen_port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + config_.listen_host + ":" + std::to_string(config_.listen_port) +
                             ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), logged("accept loop"));
  // A tenth of the shortest timeout, between 10 and 100 ms: a deadline is kept to within that.
  auto shortest = std::min(config_.read_timeout_ms, config_.idle_timeout_ms);
  auto period = std::chrono::milliseconds(std::clamp(shortest / 10, 10, 100));
  asio::co_spawn(acceptor_.get_executor(), sweep(deadlines_, period), logged("deadline sweep"));
}

void HttpServer::Deadline::cancel_if_still(std::shared_ptr<Deadline> deadline, std::int64_t due) {
  auto strand = deadline->strand;
  asio::post(strand, [deadline = std::move(deadline), due] {
    if (deadline->socket == nullptr || deadline->at.load(std::memory_order_relaxed) != due) return;
    deadline->clear();
    boost::system::error_code ignored;
    deadline->socket->cancel(ignored); // its read or write ends with an error: the connection closes
  });
}

awaitable<void> HttpServer::sweep(std::shared_ptr<Deadlines> deadlines, std::chrono::milliseconds period) {
  std::vector<std::pair<std::shared_ptr<Deadline>, std::int64_t>> due;
  while (co_await sleep_for(period)) {
    auto now = Deadline::now();
    {
      std::lock_guard lock(deadlines->mutex);
      for (const auto& deadline : deadlines->all) {
        auto at = deadline->at.load(std::memory_order_relaxed);
        if (at <= now) due.emplace_back(deadline, at);
      }
    }
    for (auto& [deadline, at] : due) Deadline::cancel_if_still(std::move(deadline), at);
    due.clear();
  }
}

void HttpServer::begin_shutdown() {
  shutting_down_.store(true);
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
  });
}

awaitable<void> HttpServer::drain(std::chrono::milliseconds grace) {
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    co_await sleep_for(std::chrono::milliseconds(10));
  }
}

awaitable<void> HttpServer::accept_loop() {
  while (!shutting_down_.load()) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(asio::make_strand(io_), asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
      log_warn("http", "accept failed: ", ec.message());
      if (ec == asio::error::no_descriptors) co_await sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    if (connections_->load() >= config_.max_connections) {
      metrics_.increment("stoop_http_connections_refused_total");
      socket.close(ec);
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve(std::move(socket)), logged("http connection"));
  }
}

awaitable<void> HttpServer::serve(tcp::socket socket) {
  ++*connections_;
  struct Release {
    std::shared_ptr<std::atomic<int>> count;
    ~Release() { --*count; }
  } release{connections_};

  const std::string remote_address = remote_address_of(socket);
  boost::system::error_code nonblocking_ec;
  socket.non_blocking(true, nonblocking_ec); // so that a write that does not fit returns at once (below)
  const bool write_at_once = !nonblocking_ec;
  auto deadline = std::make_shared<Deadline>();
  deadline->strand = socket.get_executor();
  deadline->socket = &socket;
  std::list<std::shared_ptr<Deadline>>::iterator listed;
  {
    std::lock_guard lock(deadlines_->mutex);
    listed = deadlines_->all.insert(deadlines_->all.end(), deadline);
  }
  struct Unlist {
    std::shared_ptr<Deadlines> deadlines;
    std::list<std::shared_ptr<Deadline>>::iterator listed;
    ~Unlist() {
      (*listed)->socket = nullptr; // on the strand: a cancellation posted later finds nothing to cancel
      std::lock_guard lock(deadlines->mutex);
      deadlines->all.erase(listed);
    }
  } unlist{deadlines_, listed};
  beast::flat_buffer buffer(config_.header_limit + config_.api_body_limit + config_.webhook_body_limit);
  bool first = true;
  while (true) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(config_.header_limit));
    parser.body_limit(config_.webhook_body_limit);
    boost::system::error_code ec;
    if (buffer.size() == 0 && !first) {
      // Between requests the idle timeout applies, but only until the next
      // request's first byte: from then on the whole request (headers and body)
      // must arrive within read_timeout_ms, so a client trickling its headers on
      // a kept-alive connection is cut off as soon as one on a new connection.
      deadline->set(std::chrono::milliseconds(config_.idle_timeout_ms));
      auto space = buffer.prepare(std::min<std::size_t>(buffer.max_size() - buffer.size(), 4096));
      auto n = co_await socket.async_read_some(space, asio::redirect_error(use_awaitable, ec));
      buffer.commit(n);
      if (ec) break;
    }
    // A request usually arrives whole in one read: it is parsed from the
    // buffer, and only what is still missing is read with the timeout.
    deadline->set(std::chrono::milliseconds(config_.read_timeout_ms));
    parse_buffered(parser, buffer, ec, [&] { return parser.is_header_done(); });
    if (!ec && !parser.is_header_done()) {
      co_await http::async_read_header(socket, buffer, parser, asio::redirect_error(use_awaitable, ec));
    }
    auto started = std::chrono::steady_clock::now();
    HttpRequest request;
    int refuse = 0;
    if (!ec) {
      request = to_request(parser.get(), remote_address);
      parser.body_limit(handler_.body_limit(request));
      parse_buffered(parser, buffer, ec, [&] { return parser.is_done(); });
      if (!ec && !parser.is_done()) {
        co_await http::async_read(socket, buffer, parser, asio::redirect_error(use_awaitable, ec));
      }
    }
    deadline->clear(); // none while the request is handled
    if (ec) {
      refuse = status_of_read_error(ec);
      if (refuse == 0) break; // closed, timed out or reset: nobody to answer
    }
    HttpResponse response;
    bool keep_alive = false;
    unsigned version = parser.get().version();
    std::string label = "malformed";
    if (refuse != 0) {
      response = HttpResponse::text(refuse, refuse == 413   ? "request body too large"
                                            : refuse == 431 ? "request headers too large"
                                                            : "malformed request");
      request.method = std::string(parser.get().method_string());
    } else {
      request.body = std::move(parser.get().body());
      label = handler_.route_label(request);
      bool upgrade = websocket::is_upgrade(parser.get()) && !shutting_down_.load();
      if (upgrade) upgrade = co_await handler_.accepts_websocket(request);
      if (upgrade) {
        auto peer = std::make_shared<BeastWebSocketPeer>(beast::tcp_stream(std::move(socket)));
        if (co_await peer->accept(parser.get())) {
          asio::co_spawn(co_await asio::this_coro::executor, peer->write_loop(), logged("websocket writer"));
          co_await handler_.serve_websocket(std::move(request), peer);
          peer->close();
        }
        co_return;
      }
      InFlight in_flight(in_flight_); // a WebSocket above is not "in flight": shutdown does not wait for it
      if (shutting_down_.load()) {
        response = HttpResponse::text(503, "shutting down");
        response.headers.emplace_back("retry-after", "5");
      } else {
        response = co_await handler_.handle(std::move(request)); // moved, not copied: the label is taken
        keep_alive = parser.get().keep_alive();
      }
    }
    if (shutting_down_.load()) keep_alive = false;
    metrics_.increment("stoop_http_requests_total", {{"route", label}, {"status", std::to_string(response.status)}});
    metrics_.observe("stoop_http_request_duration_seconds", {{"route", label}},
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());

    auto bytes = response_bytes(response, version == 0 ? 11 : version, keep_alive);
    // Most answers fit in the socket's send buffer: written at once, without
    // an asynchronous write and the handler it completes through. Whatever
    // does not fit is written asynchronously, with the timeout.
    std::size_t written = write_at_once ? socket.write_some(asio::buffer(bytes), ec) : 0;
    if (ec == asio::error::would_block) ec = {};
    if (!ec && written < bytes.size()) {
      deadline->set(std::chrono::milliseconds(config_.read_timeout_ms));
      co_await asio::async_write(socket, asio::buffer(bytes) + written, asio::redirect_error(use_awaitable, ec));
      deadline->clear();
    }
    if (ec || !keep_alive) break;
    first = false;
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

} // namespace stoop
