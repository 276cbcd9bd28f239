# Installs the pinned AWS SDK for JavaScript v3 (package-lock.json) into the build tree for the e2e
# test, the way cmake/IamCatalog.cmake installs the catalog's data: `npm ci`, never `npm install`.
#   cmake -DSOURCE=<tests/e2e/js> -DDEST=<build dir> -DNPM=<npm> -P install.cmake
file(MAKE_DIRECTORY ${DEST})
file(COPY ${SOURCE}/package.json ${SOURCE}/package-lock.json ${SOURCE}/sdk_v3_test.mjs DESTINATION ${DEST})
# npm ci starts from scratch each time; skip it when the installed tree matches the lock file.
if(EXISTS ${DEST}/node_modules/.bulwark-installed-lock.json)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${SOURCE}/package-lock.json
                          ${DEST}/node_modules/.bulwark-installed-lock.json RESULT_VARIABLE differs)
  if(differs EQUAL 0)
    return()
  endif()
endif()
execute_process(COMMAND ${NPM} ci --no-audit --no-fund --silent WORKING_DIRECTORY ${DEST} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "npm ci failed (${rc}) in ${DEST}")
endif()
file(COPY_FILE ${SOURCE}/package-lock.json ${DEST}/node_modules/.bulwark-installed-lock.json)
