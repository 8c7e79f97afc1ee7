#include "sporazum/core/programme.hpp"

#include <algorithm>

#include "sporazum/core/utf8.hpp"

namespace sporazum::core {
namespace {

LayerState* findLayer(ProgrammeState& state, GraphicsLayer layer) {
  for (auto& item : state.layers) {
    if (item.layer == layer) return &item;
  }
  return nullptr;
}

bool isLatinLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

}  // namespace

ProgrammeState emptyProgramme() {
  ProgrammeState state;
  for (const GraphicsLayer layer : kAllGraphicsLayers)
    state.layers.push_back(LayerState{layer, std::nullopt, std::nullopt, 0});
  return state;
}

Result<bool> applyGraphicsCommand(ProgrammeState& state, const GraphicsCommand& command) {
  if (command.action == GraphicsAction::ClearAll) {
    for (auto& layer : state.layers) {
      layer.onAir.reset();
      layer.onAirSeq = 0;
    }
    state.seq = command.seq;
    return true;
  }
  LayerState* layer = findLayer(state, command.layer);
  if (layer == nullptr) {
    state.layers.push_back(LayerState{command.layer, std::nullopt, std::nullopt, 0});
    layer = &state.layers.back();
  }
  switch (command.action) {
    case GraphicsAction::Cue:
      layer->cued = command.graphic;
      break;
    case GraphicsAction::Take:
      if (command.graphic) {
        layer->onAir = command.graphic;
      } else if (layer->cued) {
        layer->onAir = std::move(layer->cued);
        layer->cued.reset();
      } else {
        return makeError("nothing_cued",
                         "nothing is cued on " + std::string(toString(command.layer)));
      }
      layer->onAirSeq = command.seq;
      break;
    case GraphicsAction::Update:
      if (layer->onAir) {
        layer->onAir = command.graphic;
      } else {
        layer->cued = command.graphic;
      }
      break;
    case GraphicsAction::Clear:
      layer->onAir.reset();
      layer->onAirSeq = 0;
      break;
    case GraphicsAction::ClearAll:
      break;
  }
  state.seq = command.seq;
  return true;
}

bool isAirable(std::string_view questionState) {
  return questionState == "approved" || questionState == "queued" || questionState == "on_air" ||
         questionState == "aired";
}

std::string_view serbianScriptOf(std::string_view text) {
  std::size_t cyrillic = 0;
  std::size_t latin = 0;
  std::size_t offset = 0;
  while (offset < text.size()) {
    const char32_t c = decodeUtf8(text, offset);
    if (c >= 0x400 && c <= 0x4FF) {
      ++cyrillic;
    } else if (isLatinLetter(c)) {
      ++latin;
    }
  }
  return cyrillic > latin ? "sr-Cyrl" : "sr-Latn";
}

GraphicContent lowerThirdFor(const ModQuestion& question) {
  GraphicContent content;
  content.questionId = question.id;
  content.text = question.airText.empty() ? question.text : question.airText;
  // Seeds: a viewer's name is shown on air only with their consent.
  if (question.consentNameOnAir) content.viewerName = question.displayName;
  content.municipality = question.municipality;
  if (question.language == "sr") {
    content.language = std::string(serbianScriptOf(content.text));
  } else if (question.language == "sq" || question.language == "en") {
    content.language = question.language;
  }
  return content;
}

}  // namespace sporazum::core
