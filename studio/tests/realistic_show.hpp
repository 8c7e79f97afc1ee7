#pragma once
// A show as it looks forty minutes in, for the console's tests and its screenshots: a live episode
// with two guests and a recording, questions in Serbian (Cyrillic and Latin), Albanian and English
// in every state of a live show, one on air, two engines with health and a confidence picture.

#include <QImage>
#include <QJsonObject>
#include <QString>

#include "fake_show.hpp"

namespace sporazum::studio::testing {

/// Fills `show` with episodes 22 (aired), 23 (live, current, started `minutesIn` ago) and 24
/// (planned), episode 23's questions, and the programme: question 118 on the lower third and the
/// logo on air.
void fillRealisticShow(FakeShow& show, int minutesIn = 41);

/// `engine_status` with both engines connected and reporting just now.
QJsonObject freshEngineStatus();

/// The engines' picture of the programme (320×180): a studio, the logo and question 118's lower
/// third, drawn here with QPainter.
QImage programmePicture();
/// `preview` from `engine` carrying programmePicture() as JPEG, arrived now.
QJsonObject previewMessage(const QString& engine);

/// The tally of the lower third (the engines' as-run report that question 118 is on air).
QJsonObject lowerThirdOnAirReport();

}  // namespace sporazum::studio::testing
