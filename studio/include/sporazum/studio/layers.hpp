#pragma once
// The engine's graphics layers as the staff protocol names them, and short labels for people.

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace sporazum::studio {

/// lower_third, super, logo, qr, ticker, clock: bottom to top, as the server sends them.
const QStringList& graphicsLayers();
bool isGraphicsLayer(const QString& layer);
/// The layer's name in the interface language, e.g. "Lower third".
QString layerTitle(const QString& layer);

/// One short line saying what `graphic` on `layer` shows: "Milica: Kada će…" for a question,
/// the guest's name for a super, the text for the ticker. Fields of the wrong type count as absent.
QString graphicLabel(const QString& layer, const QJsonObject& graphic);

/// `text` on one line (line breaks and runs of spaces become one space), cut after
/// `maxCharacters` user-perceived characters with "…" (at the last word break when that keeps
/// more than half). Never splits a character.
QString shortened(const QString& text, int maxCharacters);

}  // namespace sporazum::studio
