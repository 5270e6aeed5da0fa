// The command pipeline's failure path (see command_pipeline.hpp).
#include "engine/runtime/command_pipeline.hpp"

namespace amtsweg {

bool CommandPipeline::record_failure(const DecisionBasis& basis, const std::exception_ptr& failure,
                                     const GroupWriter::FailureHook& on_failure) {
  if (!on_failure || !worth_recording(failure)) return true;
  try {
    writer_.run([&](StoreWriter& w) {
      basis.check(w);
      on_failure(w, failure);
    });
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Conflict) return false;
    // The record could not be written: the caller still gets the command's own error.
  } catch (...) {
  }
  return true;
}

bool CommandPipeline::is_conflict(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return e.kind() == ErrorKind::Conflict;
  } catch (...) {
    return false;
  }
}

}  // namespace amtsweg
