#include "commands.h"
#include "completions.h"

namespace bcdb::app {

int run_completions(const Context& ctx, const CliSpec& spec, const CompletionsOptions& options) {
  ctx.out() << completion_script(spec, options.shell);
  return 0;
}

}  // namespace bcdb::app
