#pragma once
// Which expand changes must wait for a contract-phase rename. Changes are addressed by the
// desired names, so one that names a column renamed in place (or any part of a table renamed
// without a view under its old name) can only run after that rename. The rest of the table's
// expand changes (an online rename's new column, its sync and backfill) stay in expand, where
// the old version still needs them.
#include <map>
#include <set>
#include <string>

#include "diff/change.h"

namespace bcdb::plan {

struct ContractRenames {
  std::set<std::string> tables;                              // renamed tables, by their new names
  std::map<std::string, std::set<std::string>> columns;      // table -> new names of its columns
};

ContractRenames contract_renames(const diff::ChangeSet& changes);

bool waits_for_rename(const diff::Change& change, const diff::ChangeSet& changes, const ContractRenames& renames);

}  // namespace bcdb::plan
