# Warning flags and sanitizers as interface targets: modules opt in by linking them, nothing is set
# globally.
add_library(sporazum_warnings INTERFACE)
add_library(sporazum::warnings ALIAS sporazum_warnings)
target_compile_options(sporazum_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${SPORAZUM_WERROR}>:-Werror>)

option(SPORAZUM_WERROR "Treat warnings as errors" OFF)
set(SPORAZUM_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined or thread")

add_library(sporazum_sanitizers INTERFACE)
add_library(sporazum::sanitizers ALIAS sporazum_sanitizers)
if(SPORAZUM_SANITIZE)
  target_compile_options(sporazum_sanitizers INTERFACE
    -fsanitize=${SPORAZUM_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(sporazum_sanitizers INTERFACE -fsanitize=${SPORAZUM_SANITIZE})
endif()

# Source root, so tests and tools find schema/ and assets/ without guessing.
set(SPORAZUM_SOURCE_ROOT "${PROJECT_SOURCE_DIR}")

# sporazum_module(NAME [CXX17]) : common settings for one static library.
function(sporazum_set_standard target)
  cmake_parse_arguments(ARG "CXX17" "" "" ${ARGN})
  if(ARG_CXX17)
    set_target_properties(${target} PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
  else()
    set_target_properties(${target} PROPERTIES CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
  endif()
  target_link_libraries(${target} PRIVATE sporazum::warnings sporazum::sanitizers)
endfunction()

# sporazum_test(NAME LABELS <labels> SOURCES <files> LIBS <targets>)
function(sporazum_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "LABELS;SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  sporazum_set_standard(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main sporazum::sanitizers)
  target_compile_definitions(${name} PRIVATE SPORAZUM_SOURCE_ROOT="${SPORAZUM_SOURCE_ROOT}")
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
