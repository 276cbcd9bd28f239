# bulwark_embed_data(<library> <symbol> <file>): a static library holding <file>'s bytes between the
# symbols <symbol>_begin and <symbol>_end (plus a terminating NUL), assembled with .incbin, so the
# binary needs no data files at run time. The library is rebuilt when <file> changes.
function(bulwark_embed_data library symbol file)
  set(asm ${CMAKE_BINARY_DIR}/generated/${symbol}_blob.S)
  file(CONFIGURE OUTPUT ${asm} CONTENT [=[
  .section .rodata
  .balign 16
  .global @symbol@_begin
@symbol@_begin:
  .incbin "@file@"
  .global @symbol@_end
@symbol@_end:
  .byte 0
  .section .note.GNU-stack,"",@progbits
]=] @ONLY)
  set_source_files_properties(${asm} PROPERTIES OBJECT_DEPENDS ${file})
  add_library(${library} STATIC ${asm} ${file})
  # The archiver adds members to an existing archive: an object left from an older blob (a renamed
  # .S) would stay in it and its symbols could win at link time. Start each archive afresh.
  add_custom_command(TARGET ${library} PRE_LINK COMMAND ${CMAKE_COMMAND} -E rm -f $<TARGET_FILE:${library}>)
endfunction()
