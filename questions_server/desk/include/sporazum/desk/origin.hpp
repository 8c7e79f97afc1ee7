#pragma once
// Which pages may open a staff WebSocket: a browser always sends Origin, so a page on another site
// (cross-site WebSocket hijacking) is refused; native clients (studio, engines) send none.

#include <string>
#include <string_view>
#include <vector>

namespace sporazum::desk {

/// True when `origin` is empty, is this server's own origin (http or https with the same
/// host[:port] as `host`), or is one of `allowed` (compared without case, no trailing slash).
bool isAllowedStaffOrigin(std::string_view origin, std::string_view host,
                          const std::vector<std::string>& allowed);

}  // namespace sporazum::desk
