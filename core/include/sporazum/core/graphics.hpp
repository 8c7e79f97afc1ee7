#pragma once
// On-air graphics control, shared by the questions server (which records every command and
// forwards it) and the overlay engines (which execute them): layers, commands, the as-run record,
// engine health, and their JSON form on the staff socket (schema/protocol.md, "Graphics").
// Pure: no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/result.hpp"

namespace sporazum::core {

/// The engine's layers, bottom to top. Each shows at most one graphic at a time.
enum class GraphicsLayer { LowerThird = 1, Super, Logo, Qr, Ticker, Clock };
inline constexpr GraphicsLayer kAllGraphicsLayers[] = {
    GraphicsLayer::LowerThird, GraphicsLayer::Super,  GraphicsLayer::Logo,
    GraphicsLayer::Qr,         GraphicsLayer::Ticker, GraphicsLayer::Clock};

std::string_view toString(GraphicsLayer layer);  ///< lower_third, super, logo, qr, ticker, clock
std::optional<GraphicsLayer> parseGraphicsLayer(std::string_view text);

/// cue: prepare (nothing visible); take: animate in (the cued graphic, or `graphic` if given);
/// update: replace what is on air without animating; clear: animate out; clear_all: everything off
/// at once (panic).
enum class GraphicsAction { Cue = 1, Take, Update, Clear, ClearAll };
std::string_view toString(GraphicsAction action);  ///< cue, take, update, clear, clear_all
std::optional<GraphicsAction> parseGraphicsAction(std::string_view text);

/// What a layer shows. Which fields matter depends on the layer:
/// lower_third: questionId, text, viewerName (only when the viewer consented; the server leaves it
///   empty otherwise), municipality, language (sr-Latn, sr-Cyrl, sq, en or empty);
/// super: name, role; ticker: text; qr: url, caption; logo, clock: nothing.
/// All text is plain text from people: never markup.
struct GraphicContent {
  std::int64_t questionId = 0;
  std::string text;
  std::string viewerName;
  std::string municipality;
  std::string language;
  std::string name;
  std::string role;
  std::string url;
  std::string caption;

  friend bool operator==(const GraphicContent&, const GraphicContent&) = default;
};

/// A command as the server forwards it to every engine, numbered by the server (`seq` grows by
/// one per command across all layers; engines use it to notice gaps and duplicates).
struct GraphicsCommand {
  std::int64_t seq = 0;
  GraphicsAction action = GraphicsAction::Cue;
  GraphicsLayer layer = GraphicsLayer::LowerThird;  ///< ignored for ClearAll
  std::optional<GraphicContent> graphic;            ///< cue, update: required; take: optional

  friend bool operator==(const GraphicsCommand&, const GraphicsCommand&) = default;
};

/// One layer as the server says it is: what is cued and what is on air.
struct LayerState {
  GraphicsLayer layer = GraphicsLayer::LowerThird;
  std::optional<GraphicContent> cued;
  std::optional<GraphicContent> onAir;
  std::int64_t onAirSeq = 0;  ///< seq of the take that put it on air; 0 when nothing is

  friend bool operator==(const LayerState&, const LayerState&) = default;
};

/// The live episode the engines record (engine_record; programme_state's `recording`).
struct RecordingOrder {
  std::int64_t episodeId = 0;
  std::int64_t number = 0;  ///< the episode's number, for the file name

  friend bool operator==(const RecordingOrder&, const RecordingOrder&) = default;
};

/// Everything on the programme, as the server records it; sent to an engine when it connects so
/// it can restore the picture after a restart or a reconnect.
struct ProgrammeState {
  std::int64_t seq = 0;  ///< the last command applied
  std::vector<LayerState> layers;
  std::optional<RecordingOrder> recording;  ///< the episode being recorded, if one is live

  friend bool operator==(const ProgrammeState&, const ProgrammeState&) = default;
};

/// The as-run record: the first frame carrying a graphic (on_air) or the first frame without it
/// (off_air) has left an engine's graphics stage.
enum class AsRunEvent { OnAir = 1, OffAir };
std::string_view toString(AsRunEvent event);
std::optional<AsRunEvent> parseAsRunEvent(std::string_view text);

struct AsRunReport {
  std::int64_t seq = 0;  ///< the command that caused it
  GraphicsLayer layer = GraphicsLayer::LowerThird;
  AsRunEvent event = AsRunEvent::OnAir;
  std::int64_t questionId = 0;     ///< lower_third only; 0 otherwise
  std::int64_t runningTimeNs = 0;  ///< the frame's running time in the engine's pipeline
  std::string wallTime;  ///< ISO 8601 UTC with milliseconds, when the frame left the stage

  friend bool operator==(const AsRunReport&, const AsRunReport&) = default;
};

/// An engine's health, sent every second.
struct EngineHealth {
  std::string engineName;  ///< e.g. "main", "backup" (the engine's --name)
  double framesPerSecond = 0.0;
  std::int64_t framesOut = 0;
  std::int64_t droppedFrames = 0;
  std::string input;                ///< "ok", "lost" (showing the slate) or "starting"
  double graphicsMsPerFrame = 0.0;  ///< mean CPU time of the graphics stage over the last second
  std::int64_t lastSeq = 0;         ///< the last command the engine applied

  friend bool operator==(const EngineHealth&, const EngineHealth&) = default;
};

/// A command an engine could not carry out (e.g. a question that does not fit its box).
struct EngineCommandError {
  std::int64_t seq = 0;
  GraphicsLayer layer = GraphicsLayer::LowerThird;
  std::string code;  ///< does_not_fit, nothing_cued, render_failed
  std::string message;

  friend bool operator==(const EngineCommandError&, const EngineCommandError&) = default;
};

/// Start or stop recording the programme for an episode (server → engine).
enum class RecordAction { Start = 1, Stop };
struct RecordCommand {
  RecordAction action = RecordAction::Start;
  RecordingOrder episode;

  friend bool operator==(const RecordCommand&, const RecordCommand&) = default;
};

/// A recording file an engine opened ("recording"), closed ("done"), or that ended on an error
/// ("failed": it could not be opened, or e.g. the disk filled; `bytes` is the file's size and
/// `frames` what reached its muxer) (engine → server).
struct RecordingReport {
  std::int64_t episodeId = 0;
  std::string file;   ///< the path on the engine's machine
  std::string state;  ///< recording, done, failed
  std::int64_t bytes = 0;
  std::string startedAt;  ///< ISO 8601 UTC with milliseconds
  std::string stoppedAt;  ///< empty while recording
  std::int64_t frames = 0;
  std::string error;  ///< failed only: why, plain text of at most 500 characters

  friend bool operator==(const RecordingReport&, const RecordingReport&) = default;
};

/// The confidence picture: a small JPEG of the programme, base64 (engine → server).
struct EnginePreview {
  std::string jpegBase64;

  friend bool operator==(const EnginePreview&, const EnginePreview&) = default;
};
inline constexpr std::size_t kMaxPreviewBase64Bytes = 48 * 1024 * 4 / 3 + 4;

/// Checks the fields a command needs (content for cue/update; lengths: text ≤ 1000 code points,
/// name/role/caption ≤ 200, url ≤ 500; valid UTF-8). Error codes: invalid_graphic.
Result<bool> validateGraphicsCommand(const GraphicsCommand& command);

// JSON on the staff socket. Encoders produce one complete message; decoders take the parsed
// message's text and return invalid_message / invalid_graphic errors naming the field.
std::string encodeEngineCommand(const GraphicsCommand& command);        ///< type engine_command
std::string encodeProgrammeState(const ProgrammeState& state);          ///< type programme_state
std::string encodeAsRun(const AsRunReport& report);                     ///< type engine_as_run
std::string encodeEngineHealth(const EngineHealth& health);             ///< type engine_health
std::string encodeEngineCommandError(const EngineCommandError& error);  ///< type engine_error
Result<GraphicsCommand> decodeEngineCommand(std::string_view json);
Result<ProgrammeState> decodeProgrammeState(std::string_view json);
Result<AsRunReport> decodeAsRun(std::string_view json);
Result<EngineHealth> decodeEngineHealth(std::string_view json);
Result<EngineCommandError> decodeEngineCommandError(std::string_view json);
std::string encodeRecordCommand(const RecordCommand& command);     ///< type engine_record
std::string encodeRecordingReport(const RecordingReport& report);  ///< type engine_recording
std::string encodeEnginePreview(const EnginePreview& preview);     ///< type engine_preview
Result<RecordCommand> decodeRecordCommand(std::string_view json);
Result<RecordingReport> decodeRecordingReport(std::string_view json);
Result<EnginePreview> decodeEnginePreview(std::string_view json);

}  // namespace sporazum::core
