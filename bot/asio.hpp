// The one header through which bot/ reaches Asio and Beast. Asio and Beast are
// compiled once, in asio_impl.cpp (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are set on the target), so each file that
// includes this pays for declarations only.
#pragma once

// Boost 1.74 under -std=c++20 with g++ 12 needs <utility> before its headers.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace stoop {

namespace asio = boost::asio;
using tcp = boost::asio::ip::tcp;
template <class T = void>
using awaitable = boost::asio::awaitable<T>;
using boost::asio::use_awaitable;

// Every co_spawn in Stoop ends here or in a handler of its own: an exception
// that escapes a coroutine is logged, never lost.
void log_coroutine_exit(const char* what, std::exception_ptr error);

inline auto logged(const char* what) {
  return [what](std::exception_ptr error) { log_coroutine_exit(what, error); };
}

// Sleeps on the current executor. Returns false if the timer was cancelled.
awaitable<bool> sleep_for(std::chrono::milliseconds duration);

} // namespace stoop
