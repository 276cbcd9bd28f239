# A CTest fixture script: installs a pinned npm package tree (package.json + package-lock.json) and the
# files that use it into the build tree with `npm ci`, never `npm install`, and skips the install when
# the tree already matches the lock file (npm ci starts from scratch each time).
#   cmake -DSOURCE=<folder> -DDEST=<build dir> -DNPM=<npm> -DFILES=<a.mjs,b.json> -P NpmCiFixture.cmake
file(MAKE_DIRECTORY ${DEST})
set(copies ${SOURCE}/package.json ${SOURCE}/package-lock.json)
string(REPLACE "," ";" files "${FILES}")
foreach(f ${files})
  list(APPEND copies ${SOURCE}/${f})
endforeach()
file(COPY ${copies} DESTINATION ${DEST})
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
