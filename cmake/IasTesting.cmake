# ias_add_gtest(<target> LIBS <libraries...> LABELS <labels...> [CONCURRENCY <regex>])
# One GoogleTest executable from the *Test.cpp files of the current directory, registered with CTest.
# Tests whose name ("Suite.Test") matches CONCURRENCY also get the label `concurrency` (threads, forks, card
# events, removal races: what tests/repeat-concurrency.sh runs over and over).
function(ias_add_gtest target)
  cmake_parse_arguments(ARG "" "CONCURRENCY" "LIBS;LABELS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*Test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(${target} ${sources})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} ias_warnings GTest::gtest_main GTest::gmock)
  gtest_discover_tests(${target} DISCOVERY_MODE PRE_TEST TEST_LIST ${target}_TESTS)
  # CMake 3.25's gtest_discover_tests flattens PROPERTIES LABELS "a;b" into one label, so the labels are set
  # by a CTest include file that runs after discovery.
  set(labels_file ${CMAKE_CURRENT_BINARY_DIR}/${target}-labels.cmake)
  if(ARG_CONCURRENCY)
    set(concurrent "  if(t MATCHES \"${ARG_CONCURRENCY}\")\n    set(l \"${ARG_LABELS};concurrency\")\n  endif()\n")
  endif()
  file(WRITE ${labels_file}
       "foreach(t IN LISTS ${target}_TESTS)\n  set(l \"${ARG_LABELS}\")\n${concurrent}  set_tests_properties(\"\${t}\" PROPERTIES LABELS \"\${l}\")\nendforeach()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_file})
endfunction()
