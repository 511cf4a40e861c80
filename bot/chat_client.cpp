#include "bot/chat_client.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bot/asio.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace stoop {
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;

namespace {

struct Target {
  std::string host;
  std::string port;
};

Target server_address(const Config& config) {
  std::string host = config.server.listen_host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  return {host, std::to_string(config.server.listen_port)};
}

// The person's token on the web chat channel, kept beside the database so the
// same NAME is the same person next time.
std::string visitor_token(const Config& config, const std::string& name) {
  auto dir = std::filesystem::path(config.storage.sqlite).parent_path();
  std::string safe;
  for (char c : name) safe += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  auto file = dir / ("chat-" + safe + ".visitor");
  std::ifstream existing(file);
  std::string token;
  if (existing >> token && token.size() >= 16) return token;
  token = "cli" + random_hex(16);
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  std::ofstream(file) << token << "\n";
  return token;
}

http::response<http::string_body> request(const Target& target, http::verb verb, const std::string& path,
                                          const std::string& body) {
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(resolver.resolve(target.host, target.port));
  http::request<http::string_body> req{verb, path, 11};
  req.set(http::field::host, target.host);
  req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return res;
}

class Printer {
 public:
  explicit Printer(std::ostream& out) : out_(out) {}
  void show(const nlohmann::json& message) {
    std::lock_guard lock(mutex_);
    auto id = message.value("id", std::int64_t{0});
    if (message.value("direction", "") != "out" || !printed_.insert(id).second) return;
    out_ << "stoop> " << message.value("text", "") << "\n";
    if (auto it = message.find("choices"); it != message.end() && it->is_array()) {
      int n = 1;
      for (const auto& c : *it) out_ << "  " << n++ << ". " << c.value("label", "") << "\n";
    }
    out_.flush();
    ++count_;
  }
  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
  std::set<std::int64_t> printed_;
  int count_ = 0;
};

} // namespace

int run_chat(const Config& config, const std::string& as_name, std::istream& in, std::ostream& out,
             std::ostream& err) {
  const ChannelEntry* channel = nullptr;
  for (const auto& c : config.channels) {
    if (c.type == "webchat") {
      channel = &c;
      break;
    }
  }
  if (channel == nullptr) {
    err << "stoop chat: " << config.path << " has no channel of type \"webchat\"\n";
    return 2;
  }
  auto target = server_address(config);
  std::string name = as_name.empty() ? "you" : as_name;
  std::string visitor = visitor_token(config, name);
  std::string base = "/chat/api/" + channel->id;

  try {
    request(target, http::verb::get, "/healthz", "");
  } catch (const std::exception&) {
    err << "stoop chat: no stoop server is running at " << target.host << ":" << target.port
        << " (start it with: stoop serve --config " << config.path << ")\n";
    return 1;
  }

  Printer printer(out);
  asio::io_context ws_io;
  websocket::stream<beast::tcp_stream> ws(ws_io);
  std::thread reader;
  try {
    tcp::resolver resolver(ws_io);
    beast::get_lowest_layer(ws).connect(resolver.resolve(target.host, target.port));
    ws.handshake(target.host, base + "/ws?visitor=" + visitor);
    reader = std::thread([&] {
      beast::error_code ec;
      while (true) {
        beast::flat_buffer buffer;
        ws.read(buffer, ec);
        if (ec) return;
        auto message = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
        if (message.is_object()) printer.show(message);
      }
    });
  } catch (const std::exception& e) {
    err << "stoop chat: cannot open the live connection: " << e.what() << "\n";
    return 1;
  }

  out << "Talking to the office as \"" << name << "\" on channel " << channel->id
      << ". Type a message and press Enter; Ctrl-D to leave.\n";
  out.flush();
  int sent = 0;
  int exit_code = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (trim(line).empty()) continue;
    nlohmann::json body{{"visitor", visitor}, {"id", random_hex(8)}, {"text", line}, {"name", name}};
    try {
      auto res = request(target, http::verb::post, "/hooks/" + channel->id, body.dump());
      if (res.result_int() != 200) {
        err << "stoop chat: the server answered " << res.result_int() << ": " << trim(res.body()) << "\n";
        continue;
      }
      ++sent;
    } catch (const std::exception& e) {
      err << "stoop chat: lost the server: " << e.what() << "\n";
      exit_code = 1;
      break;
    }
  }
  // Input is over: give replies still on their way a moment to arrive.
  for (int waited = 0; waited < 30 && sent > 0 && printer.count() == 0; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Shutting the socket down ends the reader's blocking read; the socket is
  // closed only once the reader has stopped using it.
  beast::error_code ignored;
  beast::get_lowest_layer(ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
  if (reader.joinable()) reader.join();
  beast::get_lowest_layer(ws).close();
  return exit_code;
}

} // namespace stoop
