#include "recording_branch.hpp"

#include <gst/video/video.h>

#include <filesystem>

#include "gst_support.hpp"
#include "sporazum/core/log.hpp"

namespace sporazum::overlay::engine {
namespace {

using core::makeError;

GstElement* child(GstElement* bin, const char* name) {
  // The bin keeps its children alive; the extra reference is dropped at once.
  GstElement* element = gst_bin_get_by_name(GST_BIN(bin), name);
  if (element != nullptr) gst_object_unref(element);
  return element;
}

void addProbe(GstElement* element, const char* padName, GstPadProbeType type,
              GstPadProbeCallback callback, gpointer data) {
  GstPad* pad = gst_element_get_static_pad(element, padName);
  gst_pad_add_probe(pad, type, callback, data, nullptr);
  gst_object_unref(pad);
}

}  // namespace

core::Result<std::unique_ptr<RecordingBranch>> RecordingBranch::attach(GstElement* pipeline,
                                                                       GstElement* videoTee,
                                                                       GstElement* audioTee,
                                                                       const std::string& path,
                                                                       const std::string& name) {
  std::unique_ptr<RecordingBranch> branch(new RecordingBranch());
  if (auto built = branch->build(pipeline, path, name); !built) return built.error();
  // Linked only once every element of the branch runs: a tee pad pushing into a branch that is
  // still starting would get "flushing" back.
  if (auto linked = branch->link(branch->video_, videoTee, "video"); !linked) {
    return linked.error();
  }
  if (auto linked = branch->link(branch->audio_, audioTee, "audio"); !linked) {
    return linked.error();
  }
  // The encoder makes its next frame a key frame, so the file starts within a frame or two
  // (the other outputs get one extra key frame).
  gst_pad_send_event(branch->video_.teePad,
                     gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
  return branch;
}

core::Result<bool> RecordingBranch::build(GstElement* pipeline, const std::string& path,
                                          const std::string& name) {
  pipeline_ = pipeline;
  path_ = path;
  startedAt_ = std::chrono::system_clock::now();
  GError* error = nullptr;
  GstElement* bin = gst_parse_bin_from_description_full(
      recordingBranchDescription().c_str(), FALSE, nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &error);
  if (error != nullptr) {
    std::string message = std::string("recording branch: ") + error->message;
    g_error_free(error);
    if (bin != nullptr) gst_object_unref(bin);
    return makeError("pipeline_failed", message);
  }
  bin_ = GST_ELEMENT(gst_object_ref_sink(bin));
  gst_object_set_name(GST_OBJECT(bin_), name.c_str());
  g_object_set(child(bin_, "record_sink"), "location", path.c_str(), nullptr);

  for (const char* stream : {"video", "audio"}) {
    GstElement* queue = child(bin_, (std::string("record_") + stream).c_str());
    GstPad* target = gst_element_get_static_pad(queue, "sink");
    GstPad* ghost = gst_ghost_pad_new(stream, target);
    gst_object_unref(target);
    gst_pad_set_active(ghost, TRUE);
    gst_element_add_pad(bin_, ghost);
    (std::string_view(stream) == "video" ? video_ : audio_).sinkPad = ghost;
  }
  addProbe(child(bin_, "record_video"), "sink", GST_PAD_PROBE_TYPE_BUFFER, &gateVideo, this);
  addProbe(child(bin_, "record_audio"), "sink", GST_PAD_PROBE_TYPE_BUFFER, &gateAudio, this);
  // Counted where the frames enter the muxer: what the file holds once it is finished.
  addProbe(child(bin_, "record_video_barrier"), "src", GST_PAD_PROBE_TYPE_BUFFER, &countFrame,
           this);
  addProbe(child(bin_, "record_sink"), "sink", GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, &watchEos,
           this);

  gst_bin_add(GST_BIN(pipeline_), bin_);
  if (!gst_element_sync_state_with_parent(bin_) ||
      gst_element_get_state(bin_, nullptr, nullptr, 0) == GST_STATE_CHANGE_FAILURE) {
    remove();
    return makeError("pipeline_failed", "the recording branch did not start");
  }
  return true;
}

core::Result<bool> RecordingBranch::link(TeeLink& link, GstElement* tee, const char* ghostName) {
  link.tee = tee;
  link.teePad = gst_element_request_pad_simple(tee, "src_%u");
  if (link.teePad == nullptr || gst_pad_link(link.teePad, link.sinkPad) != GST_PAD_LINK_OK) {
    finish(std::chrono::milliseconds(0));
    return makeError("pipeline_failed", std::string("could not link the recording's ") + ghostName);
  }
  return true;
}

RecordingBranch::~RecordingBranch() {
  if (!isFinished_) finish(std::chrono::milliseconds(0));
  if (bin_ != nullptr) gst_object_unref(bin_);
}

GstPadProbeReturn RecordingBranch::gateVideo(GstPad*, GstPadProbeInfo* info, gpointer self) {
  auto* branch = static_cast<RecordingBranch*>(self);
  if (branch->hasKeyFrame_.load(std::memory_order_acquire)) return GST_PAD_PROBE_OK;
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT)) return GST_PAD_PROBE_DROP;
  branch->hasKeyFrame_.store(true, std::memory_order_release);
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn RecordingBranch::gateAudio(GstPad*, GstPadProbeInfo*, gpointer self) {
  // Sound from the same moment as the first picture, not a second of sound before it.
  return static_cast<RecordingBranch*>(self)->hasKeyFrame_.load(std::memory_order_acquire)
             ? GST_PAD_PROBE_OK
             : GST_PAD_PROBE_DROP;
}

GstPadProbeReturn RecordingBranch::countFrame(GstPad*, GstPadProbeInfo*, gpointer self) {
  static_cast<RecordingBranch*>(self)->frames_.fetch_add(1, std::memory_order_relaxed);
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn RecordingBranch::watchEos(GstPad*, GstPadProbeInfo* info, gpointer self) {
  if (GST_EVENT_TYPE(GST_PAD_PROBE_INFO_EVENT(info)) == GST_EVENT_EOS) {
    auto* branch = static_cast<RecordingBranch*>(self);
    std::lock_guard lock(branch->mutex_);
    branch->isEos_ = true;
    branch->changed_.notify_all();
  }
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn RecordingBranch::unlinkWhenIdle(GstPad* pad, GstPadProbeInfo*, gpointer self) {
  // Runs when the tee pad carries nothing: at once on the caller's thread if it is idle, else on
  // the streaming thread right after its current push.
  auto* branch = static_cast<RecordingBranch*>(self);
  TeeLink& link = pad == branch->video_.teePad ? branch->video_ : branch->audio_;
  gst_pad_unlink(link.teePad, link.sinkPad);
  std::lock_guard lock(branch->mutex_);
  link.isUnlinked = true;
  branch->changed_.notify_all();
  return GST_PAD_PROBE_REMOVE;
}

void RecordingBranch::unlink(TeeLink& link) {
  if (link.teePad == nullptr || !gst_pad_is_linked(link.teePad)) {
    std::lock_guard lock(mutex_);
    link.isUnlinked = true;
    return;
  }
  gst_pad_add_probe(link.teePad, GST_PAD_PROBE_TYPE_IDLE, &unlinkWhenIdle, this, nullptr);
}

void RecordingBranch::fail(std::string error) {
  std::lock_guard lock(mutex_);
  if (error_.empty()) error_ = std::move(error);
  changed_.notify_all();
}

bool RecordingBranch::contains(GstObject* object) const {
  return object != nullptr && bin_ != nullptr &&
         (object == GST_OBJECT(bin_) || gst_object_has_as_ancestor(object, GST_OBJECT(bin_)));
}

RecordingResult RecordingBranch::finish(std::chrono::milliseconds timeout) {
  RecordingResult result;
  result.file = path_;
  result.startedAt = startedAt_;
  result.stoppedAt = std::chrono::system_clock::now();
  if (isFinished_) return result;
  isFinished_ = true;

  unlink(video_);
  unlink(audio_);
  {
    std::unique_lock lock(mutex_);
    // An idle probe waits at most for the push in progress, into the branch's leaky queue.
    if (!changed_.wait_for(lock, std::chrono::seconds(2),
                           [&] { return video_.isUnlinked && audio_.isUnlinked; })) {
      log::error("engine.recording_unlink_timeout", {{"file", std::string_view(path_)}});
    }
  }
  // Nothing comes from the tees now: end-of-stream is the last thing either queue gets.
  if (timeout.count() > 0) {
    gst_pad_send_event(video_.sinkPad, gst_event_new_eos());
    gst_pad_send_event(audio_.sinkPad, gst_event_new_eos());
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return isEos_ || !error_.empty(); })) {
      error_ = "the file was not finished within " + std::to_string(timeout.count()) + " ms";
    }
  }
  remove();
  std::error_code ignored;
  const auto size = std::filesystem::file_size(path_, ignored);
  result.bytes = ignored ? 0 : static_cast<std::int64_t>(size);
  result.frames = frames();
  std::lock_guard lock(mutex_);
  if (!isEos_ && error_.empty()) error_ = "the file was not finished";
  result.error = error_;
  return result;
}

void RecordingBranch::remove() {
  if (bin_ == nullptr || GST_OBJECT_PARENT(bin_) == nullptr) return;
  gst_element_set_state(bin_, GST_STATE_NULL);
  gst_bin_remove(GST_BIN(pipeline_), bin_);
  for (TeeLink* link : {&video_, &audio_}) {
    if (link->teePad != nullptr) {
      gst_element_release_request_pad(link->tee, link->teePad);
      gst_object_unref(link->teePad);
      link->teePad = nullptr;
    }
  }
}

}  // namespace sporazum::overlay::engine
