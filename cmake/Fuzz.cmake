# libFuzzer builds (tests/fuzz). With SMOKEPING_FUZZ and clang the whole tree is compiled with
# coverage instrumentation (-fsanitize=fuzzer-no-link, harmless to the other binaries) and each
# fuzz target is also linked with libFuzzer's main (-fsanitize=fuzzer). Every target has, for
# any compiler, a replay binary that ctest runs over its seeds and regression inputs.
option(SMOKEPING_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)

if(SMOKEPING_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(WARNING "SMOKEPING_FUZZ needs clang (libFuzzer); only the replay tests are built")
  set(SMOKEPING_FUZZ OFF CACHE BOOL "" FORCE)
endif()
if(SMOKEPING_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# The fuzz binaries, their dictionaries and seed folders, one tab-separated line each
# (name, binary, dictionary or -, seed folders joined by ':'), for tests/fuzz/run_fuzzers.sh
# and bench/fuzz_long.sh.
set(SMOKEPING_FUZZ_MANIFEST ${CMAKE_BINARY_DIR}/fuzz/targets.tsv)

# smokeping_fuzz_target(NAME SOURCES files... LIBS libs... [DICT file] SEEDS folders...)
# Builds NAME_replay (ctest NAME_replay: every seed folder, tests/fuzz/corpus/NAME and
# tests/fuzz/regressions/NAME) and, with SMOKEPING_FUZZ, the libFuzzer binary NAME.
function(smokeping_fuzz_target name)
  cmake_parse_arguments(F "" "DICT" "SOURCES;LIBS;SEEDS" ${ARGN})
  set(fuzz_dir ${PROJECT_SOURCE_DIR}/tests/fuzz)
  set(inputs ${F_SEEDS} ${fuzz_dir}/corpus/${name} ${fuzz_dir}/regressions/${name})

  add_executable(${name}_replay ${F_SOURCES} ${fuzz_dir}/replay_main.cpp)
  target_include_directories(${name}_replay PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name}_replay PRIVATE ${F_LIBS})
  add_test(NAME ${name}_replay COMMAND ${name}_replay ${inputs})
  set_tests_properties(${name}_replay PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS fuzz)

  if(SMOKEPING_FUZZ)
    add_executable(${name} ${F_SOURCES})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PRIVATE ${F_LIBS})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    set(dict -)
    if(F_DICT)
      set(dict ${F_DICT})
    endif()
    list(JOIN inputs ":" seed_path)
    set_property(GLOBAL APPEND_STRING PROPERTY SMOKEPING_FUZZ_LINES
                 "${name}\t$<TARGET_FILE:${name}>\t${dict}\t${seed_path}\n")
  endif()
endfunction()

# Writes the manifest; called once, after the last smokeping_fuzz_target.
function(smokeping_fuzz_manifest)
  get_property(lines GLOBAL PROPERTY SMOKEPING_FUZZ_LINES)
  file(GENERATE OUTPUT ${SMOKEPING_FUZZ_MANIFEST} CONTENT "${lines}")
endfunction()
