#pragma once
// The audit log as CSV (RFC 4180, safe to open in a spreadsheet) or JSON, for `audit export`.

#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/moderation.hpp"

namespace sporazum::app {

/// CSV through core::csvRow: quoted when needed, formulas defused.
std::string auditToCsv(const std::vector<core::AuditEntry>& entries);
/// A JSON array of entries, before/after as JSON values.
std::string auditToJson(const std::vector<core::AuditEntry>& entries);

}  // namespace sporazum::app
