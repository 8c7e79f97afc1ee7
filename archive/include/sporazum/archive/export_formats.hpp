#pragma once
// `sporazum-archive export`: an episode as EBUCore XML (EBU Tech 3293 names), JSON (the same
// names, for scripts) or CSV (one row per aired question, for spreadsheets).

#include <string>

#include "sporazum/pg/archive_store.hpp"

namespace sporazum::archive {

std::string toEbuCoreXml(const pg::ArchiveExport& episode);
std::string toExportJson(const pg::ArchiveExport& episode);
std::string toQuestionsCsv(const pg::ArchiveExport& episode);

/// Seconds as an EBUCore timecode-free duration, "PT1H02M03.040S" (ISO 8601).
std::string isoDuration(double seconds);

}  // namespace sporazum::archive
