#include "graphics_cli.hpp"

#include <nlohmann/json.hpp>

#include "sporazum/core/csv.hpp"
#include "sporazum/core/text.hpp"

namespace sporazum::app {
namespace {

using core::GraphicsAction;
using core::GraphicsLayer;
using Json = nlohmann::ordered_json;

core::Error badOption(std::string message) {
  return core::makeError("bad_option", std::move(message));
}

/// Cleans text from the command line like text from the staff socket.
core::Result<std::string> cleaned(const std::string& text, std::string_view flag,
                                  std::size_t maxChars) {
  auto result = core::sanitizeViewerText(text, {.field = flag,
                                                .maxCodePoints = maxChars,
                                                .allowLineBreaks = false,
                                                .allowEmpty = true,
                                                .tooLongCode = "field_too_long"});
  if (!result) return badOption(std::string(flag) + ": " + result.error().message);
  return result;
}

}  // namespace

core::Result<core::GraphicsCommand> graphicsCommandFrom(const Options& options) {
  core::GraphicsCommand command;
  switch (options.command) {
    case Command::GraphicsCue:
      command.action = GraphicsAction::Cue;
      break;
    case Command::GraphicsTake:
      command.action = GraphicsAction::Take;
      break;
    case Command::GraphicsUpdate:
      command.action = GraphicsAction::Update;
      break;
    case Command::GraphicsClear:
      command.action = GraphicsAction::Clear;
      break;
    case Command::GraphicsClearAll:
      command.action = GraphicsAction::ClearAll;
      return command;
    default:
      return badOption("not a graphics command");
  }
  const std::string& layerName = options.arguments.at(0);
  const auto layer = core::parseGraphicsLayer(layerName);
  if (!layer) {
    return badOption("unknown layer '" + layerName +
                     "' (lower_third, super, logo, qr, ticker, clock)");
  }
  command.layer = *layer;

  struct Flag {
    const char* name;
    bool isGiven;
    bool isForThisLayer;
  };
  const Flag flags[] = {
      {"--question", options.graphicQuestion != 0, command.layer == GraphicsLayer::LowerThird},
      {"--name", !options.staffName.empty(), command.layer == GraphicsLayer::Super},
      {"--role", !options.graphicRole.empty(), command.layer == GraphicsLayer::Super},
      {"--text", !options.graphicText.empty(), command.layer == GraphicsLayer::Ticker},
      {"--url", !options.graphicUrl.empty(), command.layer == GraphicsLayer::Qr},
      {"--caption", !options.graphicCaption.empty(), command.layer == GraphicsLayer::Qr},
  };
  bool hasContent = command.layer == GraphicsLayer::Logo || command.layer == GraphicsLayer::Clock;
  for (const auto& flag : flags) {
    if (!flag.isGiven) continue;
    if (!flag.isForThisLayer || command.action == GraphicsAction::Clear) {
      return badOption(std::string(flag.name) + " is not for '" +
                       std::string(core::toString(command.action)) + " " + layerName + "'");
    }
    hasContent = true;
  }
  if (command.action == GraphicsAction::Clear) return command;
  if (!hasContent) {
    if (command.action == GraphicsAction::Take) return command;  // what is cued
    return badOption(std::string(core::toString(command.action)) + " " + layerName +
                     " needs its content (see --help)");
  }

  core::GraphicContent content;
  switch (command.layer) {
    case GraphicsLayer::LowerThird:
      content.questionId = options.graphicQuestion;
      break;
    case GraphicsLayer::Super: {
      auto name = cleaned(options.staffName, "--name", 200);
      if (!name) return name.error();
      auto role = cleaned(options.graphicRole, "--role", 200);
      if (!role) return role.error();
      content.name = std::move(*name);
      content.role = std::move(*role);
      break;
    }
    case GraphicsLayer::Ticker: {
      auto text = cleaned(options.graphicText, "--text", 1000);
      if (!text) return text.error();
      content.text = std::move(*text);
      break;
    }
    case GraphicsLayer::Qr: {
      content.url = options.graphicUrl.empty() ? options.publicUrl : options.graphicUrl;
      if (content.url.empty()) return badOption("a QR code needs --url (or --public-url)");
      auto caption = cleaned(options.graphicCaption, "--caption", 200);
      if (!caption) return caption.error();
      content.caption = std::move(*caption);
      break;
    }
    case GraphicsLayer::Logo:
    case GraphicsLayer::Clock:
      break;
  }
  command.graphic = std::move(content);
  if (auto valid = core::validateGraphicsCommand(command); !valid) {
    return badOption(valid.error().message);
  }
  return command;
}

std::string programmeToJson(const core::ProgrammeState& state) {
  return Json::parse(core::encodeProgrammeState(state))
             .dump(2, ' ', false, Json::error_handler_t::replace) +
         "\n";
}

std::string asRunToCsv(const std::vector<core::AsRunRecord>& records) {
  std::string out =
      "wall_time,engine,seq,layer,event,question,episode,running_time_ns,received_at\r\n";
  for (const auto& r : records) {
    out += core::csvRow(
        {r.report.wallTime, r.engine, std::to_string(r.report.seq),
         std::string(core::toString(r.report.layer)), std::string(core::toString(r.report.event)),
         r.report.questionId == 0 ? std::string() : std::to_string(r.report.questionId),
         r.episodeId == 0 ? std::string() : std::to_string(r.episodeId),
         std::to_string(r.report.runningTimeNs), r.receivedAt});
  }
  return out;
}

std::string asRunToJson(const std::vector<core::AsRunRecord>& records) {
  auto nullable = [](std::int64_t id) { return id == 0 ? Json(nullptr) : Json(id); };
  Json list = Json::array();
  for (const auto& r : records) {
    list.push_back(Json{{"wallTime", r.report.wallTime},
                        {"engine", r.engine},
                        {"seq", r.report.seq},
                        {"layer", std::string(core::toString(r.report.layer))},
                        {"event", std::string(core::toString(r.report.event))},
                        {"question", nullable(r.report.questionId)},
                        {"episode", nullable(r.episodeId)},
                        {"runningTimeNs", r.report.runningTimeNs},
                        {"receivedAt", r.receivedAt}});
  }
  return list.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sporazum::app
