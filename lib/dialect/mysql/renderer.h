#pragma once
#include <vector>

#include "dialect/dialect.h"
#include "dialect/mysql/connection.h"

namespace bcdb::dialect::mysql {

// The changes of one phase as MySQL/MariaDB steps. Every ALTER names its algorithm and lock
// (INSTANT, else INPLACE with LOCK=NONE, else COPY, classed rewrite), so that the server
// refuses rather than silently copying the table.
std::vector<plan::Draft> render(const RenderRequest& request, const Server& server);

}  // namespace bcdb::dialect::mysql
