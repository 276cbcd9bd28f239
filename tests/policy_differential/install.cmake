# Installs the pinned @cloud-copilot/iam-simulate (package-lock.json) and the harness into the build
# tree for the policy differential test, the way tests/e2e/js/install.cmake installs the SDK: `npm ci`,
# never `npm install`, skipped when the installed tree already matches the lock file.
#   cmake -DSOURCE=<tests/policy_differential> -DDEST=<build dir> -DNPM=<npm> -P install.cmake
file(MAKE_DIRECTORY ${DEST})
file(COPY ${SOURCE}/package.json ${SOURCE}/package-lock.json ${SOURCE}/differential.mjs ${SOURCE}/reviewed.json
     DESTINATION ${DEST})
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
