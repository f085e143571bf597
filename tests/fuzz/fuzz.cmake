# The libFuzzer build (-DZKSIM_FUZZ=ON, clang++ only): every reader of a user's file (scenarios,
# incidents, sweep plans, calibration measurements, shard files, traces and their replay), built
# from the same source lists as the zksim binary (CMakeLists.txt: ZKSIM_MODELS_SOURCES,
# ZKSIM_ANALYSIS_SOURCES, ZKSIM_FILES_SOURCES, ZKSIM_FUZZ_ENTRY_SOURCES), so that it cannot fall
# behind them, with the fuzzer's coverage instrumentation and AddressSanitizer +
# UndefinedBehaviorSanitizer. No SimGrid: nothing else is built in this mode. See tests/fuzz/README.md.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ZKSIM_FUZZ needs clang++ (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
endif()
find_package(nlohmann_json 3 REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)

add_compile_options(-g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
add_library(zksim_models STATIC ${ZKSIM_MODELS_SOURCES})
target_include_directories(zksim_models PUBLIC ${PROJECT_SOURCE_DIR})
add_library(zksim_analysis STATIC ${ZKSIM_ANALYSIS_SOURCES})
target_link_libraries(zksim_analysis PUBLIC zksim_models Eigen3::Eigen nlohmann_json::nlohmann_json)
add_library(zksim_files STATIC ${ZKSIM_FILES_SOURCES})
target_link_libraries(zksim_files PUBLIC zksim_analysis)

add_executable(zksim_fuzz tests/fuzz/input_fuzz.cpp ${ZKSIM_FUZZ_ENTRY_SOURCES})
target_link_libraries(zksim_fuzz PRIVATE zksim_files)
target_link_options(zksim_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
target_compile_definitions(zksim_fuzz PRIVATE ZKSIM_FUZZ_BASE_DIR="${PROJECT_SOURCE_DIR}/scenarios")
