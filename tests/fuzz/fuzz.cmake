# The libFuzzer build (-DZKSIM_FUZZ=ON, clang++ only): the scenario loader and validator, the
# incident importer and the memory estimate, which need neither SimGrid nor analysis/, compiled
# with the fuzzer's coverage instrumentation and AddressSanitizer + UndefinedBehaviorSanitizer.
# Nothing else is built in this mode. See the README (section "Robustness: fuzzing, sanitizers, resource limits").
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ZKSIM_FUZZ needs clang++ (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
endif()
find_package(nlohmann_json 3 REQUIRED)

add_compile_options(-g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
add_executable(zksim_fuzz_scenario
  tests/fuzz/scenario_fuzz.cpp
  tests/fuzz/scenario_entry.cpp
  sim/scenario/json_reader.cpp
  sim/scenario/load_scenario.cpp
  sim/scenario/load_network.cpp
  sim/scenario/failure_process.cpp
  sim/trace/incident.cpp
  sim/limits/memory_estimate.cpp
  models/core/rng.cpp)
target_include_directories(zksim_fuzz_scenario PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(zksim_fuzz_scenario PRIVATE nlohmann_json::nlohmann_json)
target_link_options(zksim_fuzz_scenario PRIVATE -fsanitize=fuzzer,address,undefined)
target_compile_definitions(zksim_fuzz_scenario PRIVATE ZKSIM_FUZZ_BASE_DIR="${PROJECT_SOURCE_DIR}/scenarios")
