# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# Fails when a file in app/ (other than main.cpp) includes Qt Widgets: gatekeeper_core stays GUI-free.
# Run as: cmake -DAPP_DIR=<app> -P CheckNoWidgets.cmake
file(GLOB_RECURSE sources "${APP_DIR}/*.h" "${APP_DIR}/*.cpp")
set(bad "")
foreach(f IN LISTS sources)
    if(f MATCHES "/main\\.cpp$")
        continue()
    endif()
    file(STRINGS "${f}" lines REGEX "#include *<(QtWidgets|QWidget|QMainWindow|QDialog|QApplication|QMessageBox)")
    if(lines)
        list(APPEND bad "${f}: ${lines}")
    endif()
endforeach()
if(bad)
    message(FATAL_ERROR "app/ must not use Qt Widgets:\n${bad}")
endif()
list(LENGTH sources n)
message(STATUS "app/ is free of Qt Widgets (${n} files checked)")
