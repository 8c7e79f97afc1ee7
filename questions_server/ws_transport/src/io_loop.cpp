#include "io_loop.hpp"

#include <chrono>
#include <utility>

#include <asio/post.hpp>

namespace sporazum::ws::detail {

IoLoop::IoLoop(ErrorFn onError) : onError_(std::move(onError)), work_(asio::make_work_guard(io_)) {}

void IoLoop::run() {
  // Asio allows run() to resume after a handler threw.
  for (;;) {
    if (guarded(kRunWhere, [this] { io_.run(); })) return;
  }
}

void IoLoop::post(std::function<void()> fn) {
  asio::post(io_, [this, fn = std::move(fn)] { guarded("post", fn); });
}

void IoLoop::postAfter(long delayMs, std::function<void()> fn) {
  // The timer is created on the I/O thread so only that thread touches timer state.
  asio::post(io_, [this, delayMs, fn = std::move(fn)]() mutable {
    auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(delayMs));
    timer->async_wait([this, timer, fn = std::move(fn)](const asio::error_code& ec) {
      if (!ec) guarded("postAfter", fn);
    });
  });
}

void IoLoop::stopAfter(long graceMs) {
  stopTimer_ = std::make_unique<asio::steady_timer>(io_, std::chrono::milliseconds(graceMs));
  stopTimer_->async_wait([this](const asio::error_code& ec) {
    if (!ec) io_.stop();
  });
}

}  // namespace sporazum::ws::detail
