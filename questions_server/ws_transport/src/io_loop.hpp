#pragma once
// The I/O loop shared by the server and the client pool: one io_context, driven by the thread that
// calls run(), with guarded posting and a bounded stop.

#include <exception>
#include <functional>
#include <memory>
#include <string_view>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

namespace sporazum::ws::detail {

/// An io_context that keeps running while idle until stopped, and contains what callbacks throw.
class IoLoop {
 public:
  /// Receives what a callback threw: where it ran and the exception's text.
  using ErrorFn = std::function<void(std::string_view where, std::string_view what)>;

  /// The `where` reported for exceptions that escaped a handler into io_context::run().
  static constexpr std::string_view kRunWhere = "io";

  explicit IoLoop(ErrorFn onError);
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  asio::io_context& context() { return io_; }

  /// Runs the loop on the calling thread until stopNow() or a stop timer ends it.
  void run();
  /// Thread-safe. Runs fn on the I/O thread, guarded as "post".
  void post(std::function<void()> fn);
  /// Thread-safe. Runs fn on the I/O thread after delayMs, guarded as "postAfter".
  void postAfter(long delayMs, std::function<void()> fn);

  /// Runs a callback; reports and swallows what it throws; returns false if it threw.
  template <typename Fn>
  bool guarded(std::string_view where, Fn&& fn) const noexcept {
    try {
      fn();
      return true;
    } catch (const std::exception& e) {
      onError_(where, e.what());
    } catch (...) {
      onError_(where, "unknown exception");
    }
    return false;
  }

  // I/O thread only:
  /// Lets run() return once nothing is left to do instead of waiting for more work.
  void releaseWork() { work_.reset(); }
  /// Makes run() return as soon as the current handler finishes.
  void stopNow() { io_.stop(); }
  /// Makes run() return after graceMs even if work is still pending.
  void stopAfter(long graceMs);

 private:
  ErrorFn onError_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::unique_ptr<asio::steady_timer> stopTimer_;
};

}  // namespace sporazum::ws::detail
