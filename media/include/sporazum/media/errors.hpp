#pragma once
// The media module's stable error codes: every libav failure is translated into one of these
// (src/av_support.cpp), so callers never see AVERROR numbers or libav text as a code.

#include <string_view>

namespace sporazum::media::errors {

inline constexpr std::string_view kNotFound = "not_found";      ///< no such file
inline constexpr std::string_view kUnreadable = "unreadable";   ///< not media, or a corrupt header
inline constexpr std::string_view kNoStreams = "no_streams";    ///< a container with no streams
inline constexpr std::string_view kNoVideo = "no_video";        ///< ingest needs a video stream
inline constexpr std::string_view kNoAudio = "no_audio";        ///< ingest needs an audio stream
inline constexpr std::string_view kTruncated = "truncated";     ///< ends before it should
inline constexpr std::string_view kCorrupt = "corrupt";         ///< damaged data inside the file
inline constexpr std::string_view kCancelled = "cancelled";     ///< the caller's cancel flag
inline constexpr std::string_view kBadOptions = "bad_options";  ///< ProcessOptions out of range
inline constexpr std::string_view kOutputFailed = "output_failed";  ///< cannot write an output
inline constexpr std::string_view kInternal = "internal";  ///< a libav call failed unexpectedly

}  // namespace sporazum::media::errors
