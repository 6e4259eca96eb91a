#pragma once
// Text for people: aligned, optionally coloured.
#include <string>
#include <vector>

#include "check/drift.h"
#include "check/sync_check.h"
#include "manifest/manifest.h"
#include "plan/plan.h"
#include "report/style.h"

namespace bcdb::report {

// The plan by phase: ordinal, safety class, summary, SQL, lock and why.
std::string plan_text(const plan::Plan& plan, const std::vector<plan::Step>& steps, const Style& style);
// A script for the engine's own client, every step with its safety class in a comment.
// `lock_timeout`: the engine's statement bounding lock waits (Dialect::lock_timeout_sql), set
// first and again after every step that changes its own.
std::string plan_sql(const plan::Plan& plan, const std::vector<plan::Step>& steps, const std::string& lock_timeout);

std::string drift_text(const std::string& database, const std::string& desired_source,
                       const std::vector<check::Difference>& differences, const std::vector<std::string>& unmanaged,
                       const Style& style);

std::string sync_text(const check::SyncReport& report, const Style& style);

std::string diagnostics_text(const std::vector<manifest::Diagnostic>& diagnostics, const Style& style);
// Problems on some engines only (manifest::Diagnostic::engines), for verify, which knows no database.
std::string warnings_text(const std::vector<manifest::Diagnostic>& diagnostics, const Style& style);

}  // namespace bcdb::report
