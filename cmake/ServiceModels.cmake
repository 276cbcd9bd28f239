# Generates the compact AWS service models (tools/models/generate.py, from botocore's service models)
# and embeds them in `bulwark_service_model_data`, so the binary needs no data files at run time.
# botocore comes with boto3, which scripts/install-deps.sh installs for the end-to-end tests.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(BULWARK_MODELS_JSON ${CMAKE_BINARY_DIR}/generated/service-models.json)
add_custom_command(
  OUTPUT ${BULWARK_MODELS_JSON}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/models/generate.py > ${BULWARK_MODELS_JSON}.tmp
  COMMAND ${CMAKE_COMMAND} -E rename ${BULWARK_MODELS_JSON}.tmp ${BULWARK_MODELS_JSON}
  DEPENDS ${PROJECT_SOURCE_DIR}/tools/models/generate.py
  COMMENT "Generating the AWS service models from botocore")

include(${CMAKE_CURRENT_LIST_DIR}/EmbedData.cmake)
bulwark_embed_data(bulwark_service_model_data bulwark_service_models ${BULWARK_MODELS_JSON})
