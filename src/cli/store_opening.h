// Opening an existing data folder's store from an operator command (`bulwark trail ...`,
// `bulwark account ...`), with the schema the server uses. A folder the server never started in is
// refused rather than created: these commands act on a deployment, they do not make one.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::cli {

// Errors: InvalidParameterValue when `data_dir` holds no store; the store's own errors otherwise.
core::Result<std::unique_ptr<store::Store>> OpenExistingStore(const std::string& data_dir);

}  // namespace bulwark::cli
