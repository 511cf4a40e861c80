// The single translation unit that compiles Asio, Beast and Asio's SSL support.
#include <utility>

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>

#include "bot/asio.hpp"
#include "core/log.hpp"

namespace stoop {

void log_coroutine_exit(const char* what, std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    log_error("coroutine", what, " ended with an error: ", e.what());
  } catch (...) {
    log_error("coroutine", what, " ended with an unknown error");
  }
}

awaitable<bool> sleep_for(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  co_return !ec;
}

} // namespace stoop
