#pragma once
// One episode recording: a bin (`recordingBranchDescription`) added to the running programme
// pipeline and linked to new request pads of the shared "h264" and "aac" tees, so nothing
// upstream changes and the other outputs never notice. The file starts at an H.264 key frame,
// asked for from the encoder as the branch is linked. To finish, the tee pads are unlinked when
// idle, end-of-stream goes through the branch's muxer and is awaited at its sink, and the bin is
// removed: every frame that entered the branch is in the file.

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "sporazum/core/result.hpp"
#include "sporazum/overlay/engine/engine_options.hpp"

namespace sporazum::overlay::engine {

class RecordingBranch {
 public:
  /// Builds the branch, starts it and links it to the tees. `name` must be unique in `pipeline`.
  /// Errors: pipeline_failed (the branch could not be built or started; nothing was linked).
  static core::Result<std::unique_ptr<RecordingBranch>> attach(GstElement* pipeline,
                                                               GstElement* videoTee,
                                                               GstElement* audioTee,
                                                               const std::string& path,
                                                               const std::string& name);
  ~RecordingBranch();
  RecordingBranch(const RecordingBranch&) = delete;
  RecordingBranch& operator=(const RecordingBranch&) = delete;

  /// Closes the file: unlinks the tees, sends end-of-stream through the muxer and waits up to
  /// `timeout` for it at the sink (not at all once the branch has failed), then removes the bin.
  /// Once only; not on a streaming thread.
  RecordingResult finish(std::chrono::milliseconds timeout);

  /// Marks the branch failed (any thread, e.g. the bus thread on an error from inside it); a
  /// `finish` waiting for end-of-stream stops waiting.
  void fail(std::string error);
  /// Whether `object` (a bus message's source) is the branch or inside it.
  bool contains(GstObject* object) const;

  const std::string& path() const { return path_; }
  std::chrono::system_clock::time_point startedAt() const { return startedAt_; }
  std::int64_t frames() const { return frames_.load(std::memory_order_relaxed); }

 private:
  struct TeeLink {
    GstElement* tee = nullptr;
    GstPad* teePad = nullptr;   ///< request pad; ours to release
    GstPad* sinkPad = nullptr;  ///< the bin's ghost pad
    bool isUnlinked = false;    ///< under mutex_
  };

  RecordingBranch() = default;
  core::Result<bool> build(GstElement* pipeline, const std::string& path, const std::string& name);
  core::Result<bool> link(TeeLink& link, GstElement* tee, const char* ghostName);
  void unlink(TeeLink& link);
  void remove();

  static GstPadProbeReturn gateVideo(GstPad*, GstPadProbeInfo* info, gpointer self);
  static GstPadProbeReturn gateAudio(GstPad*, GstPadProbeInfo* info, gpointer self);
  static GstPadProbeReturn countFrame(GstPad*, GstPadProbeInfo* info, gpointer self);
  static GstPadProbeReturn watchEos(GstPad*, GstPadProbeInfo* info, gpointer self);
  static GstPadProbeReturn unlinkWhenIdle(GstPad* pad, GstPadProbeInfo* info, gpointer self);

  GstElement* pipeline_ = nullptr;
  GstElement* bin_ = nullptr;  ///< a reference of ours, in the pipeline until finish()
  TeeLink video_;
  TeeLink audio_;
  std::string path_;
  std::chrono::system_clock::time_point startedAt_{};
  bool isFinished_ = false;

  std::atomic<bool> hasKeyFrame_{false};  ///< streaming threads: the file has begun
  std::atomic<std::int64_t> frames_{0};

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool isEos_ = false;
  std::string error_;
};

}  // namespace sporazum::overlay::engine
