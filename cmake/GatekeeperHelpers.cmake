# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors

# Warnings as STYLE.md asks; -Werror when GATEKEEPER_WERROR is on (CI).
function(gatekeeper_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual)
    if(GATEKEEPER_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# gatekeeper_add_test(NAME tst_x SOURCES a.cpp ... [LIBS ...] LABELS core|ui|integration|keychain|slow ...
#                     [TIMEOUT s] [ENVIRONMENT VAR=value ...])
function(gatekeeper_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
    if(NOT T_LABELS)
        message(FATAL_ERROR "gatekeeper_add_test(${T_NAME}): LABELS is required")
    endif()
    qt_add_executable(${T_NAME} ${T_SOURCES})
    gatekeeper_warnings(${T_NAME})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test gatekeeper_testsupport ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        GATEKEEPER_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        GATEKEEPER_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
        GATEKEEPER_BINARY_DIR="${PROJECT_BINARY_DIR}"
        GATEKEEPER_APP_PATH="$<TARGET_FILE:apm-gatekeeper>")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS "${T_LABELS}"
        TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=*.debug=false;${T_ENVIRONMENT}")
endfunction()
