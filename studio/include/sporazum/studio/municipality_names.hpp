#pragma once
// Municipality codes (the protocol's `municipality`) to names people read, from
// assets/municipalities.json.

#include <QHash>
#include <QString>

#include "sporazum/core/result.hpp"

namespace sporazum::studio {

/// Reads `path` (a JSON array of {"code", "sr-Latn", "sr-Cyrl", "sq", "en"}) and returns code →
/// name in the interface `language` ("sr": Serbian Latin, else English). Error code
/// `municipalities_file` when it cannot be read or has another shape.
core::Result<QHash<QString, QString>> readMunicipalityNames(const QString& path,
                                                            const QString& language);

}  // namespace sporazum::studio
