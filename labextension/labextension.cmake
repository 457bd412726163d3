# Builds the jupyter-flow JupyterLab extension with npm and installs the prebuilt
# (federated) extension where JupyterLab finds it:
#   <wheel data>/share/jupyter/labextensions/jupyter-flow/{package.json,static/,install.json}
# and, in static/, plotly's chart widget code (plotly-widget-<version>.js, taken from the
# plotly Python package of the build environment) that the live training curves import
# from the Jupyter server instead of storing it in every notebook (jupyter_flow/notebook/chart_widget.py).
# so that `pip install .` is all a user runs. Needs Node.js >= 18 and npm on PATH at
# build time; no jupyterlab Python package is needed (see scripts/build-labextension.mjs).
#
# Use from the top-level CMakeLists.txt:
#   include(labextension/labextension.cmake)
# Skip it (e.g. while iterating on C++ only) with
#   pip install . -C cmake.define.JUPYTER_FLOW_BUILD_LABEXTENSION=OFF

option(JUPYTER_FLOW_BUILD_LABEXTENSION
       "Build the JupyterLab extension with npm (needs Node.js >= 18)" ON)

if(NOT JUPYTER_FLOW_BUILD_LABEXTENSION)
  message(STATUS "jupyter-flow labextension: skipped (JUPYTER_FLOW_BUILD_LABEXTENSION=OFF)")
  return()
endif()

set(_jf_min_node 18)
find_program(JUPYTER_FLOW_NODE NAMES node nodejs)
find_program(JUPYTER_FLOW_NPM NAMES npm npm.cmd)
if(NOT JUPYTER_FLOW_NODE OR NOT JUPYTER_FLOW_NPM)
  message(FATAL_ERROR
    "jupyter-flow: building the JupyterLab extension needs Node.js >= ${_jf_min_node} "
    "and npm on PATH (e.g. `apt-get install nodejs npm`, or conda's nodejs). To build "
    "without it, pass -C cmake.define.JUPYTER_FLOW_BUILD_LABEXTENSION=OFF to pip.")
endif()
execute_process(COMMAND "${JUPYTER_FLOW_NODE}" --version
                OUTPUT_VARIABLE _jf_node_version OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REGEX MATCH "^v([0-9]+)" _jf_match "${_jf_node_version}")
if(NOT _jf_match OR CMAKE_MATCH_1 LESS _jf_min_node)
  message(FATAL_ERROR
    "jupyter-flow: Node.js ${_jf_node_version} at ${JUPYTER_FLOW_NODE} is too old; "
    "the JupyterLab extension build needs Node.js >= ${_jf_min_node}.")
endif()

set(_jf_src "${CMAKE_CURRENT_LIST_DIR}")
# Built out of the source tree so that a read-only or pristine checkout stays untouched.
set(_jf_work "${CMAKE_CURRENT_BINARY_DIR}/labextension")
set(_jf_stamp "${_jf_work}/dist/package.json")
file(GLOB _jf_inputs CONFIGURE_DEPENDS
     "${_jf_src}/src/*.ts" "${_jf_src}/style/*" "${_jf_src}/scripts/*"
     "${_jf_src}/package.json" "${_jf_src}/package-lock.json" "${_jf_src}/tsconfig.json")

add_custom_command(
  OUTPUT "${_jf_stamp}"
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${_jf_work}/src" "${_jf_work}/style" "${_jf_work}/lib" "${_jf_work}/dist"
  COMMAND "${CMAKE_COMMAND}" -E copy_directory "${_jf_src}/src" "${_jf_work}/src"
  COMMAND "${CMAKE_COMMAND}" -E copy_directory "${_jf_src}/style" "${_jf_work}/style"
  COMMAND "${CMAKE_COMMAND}" -E copy_directory "${_jf_src}/scripts" "${_jf_work}/scripts"
  COMMAND "${CMAKE_COMMAND}" -E copy
          "${_jf_src}/package.json" "${_jf_src}/package-lock.json" "${_jf_src}/tsconfig.json"
          "${_jf_work}/"
  # Exactly the locked dependency tree; no third-party install scripts run.
  COMMAND "${JUPYTER_FLOW_NPM}" ci --ignore-scripts --no-audit --no-fund
  COMMAND "${JUPYTER_FLOW_NPM}" run build
  WORKING_DIRECTORY "${_jf_work}"
  DEPENDS ${_jf_inputs}
  COMMENT "Building the jupyter-flow JupyterLab extension (npm ci + npm run build)"
  VERBATIM)
add_custom_target(jupyter_flow_labextension ALL DEPENDS "${_jf_stamp}")

if(DEFINED SKBUILD_DATA_DIR)
  set(_jf_dest "${SKBUILD_DATA_DIR}/share/jupyter/labextensions/jupyter-flow")
else()
  set(_jf_dest "share/jupyter/labextensions/jupyter-flow")
endif()
install(DIRECTORY "${_jf_work}/dist/" DESTINATION "${_jf_dest}")
install(FILES "${_jf_src}/install.json" DESTINATION "${_jf_dest}")

# plotly's FigureWidget code (plotly.js and plotly's widget view, ~5 MB), once per installation.
if(NOT Python_EXECUTABLE)
  find_package(Python 3.10 REQUIRED COMPONENTS Interpreter)
endif()
execute_process(
  COMMAND "${Python_EXECUTABLE}" -c
          "import pathlib, plotly; print(plotly.__version__); print(pathlib.Path(plotly.__file__).parent / 'package_data' / 'widgetbundle.js')"
  OUTPUT_VARIABLE _jf_plotly OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE _jf_plotly_status ERROR_QUIET)
if(NOT _jf_plotly_status EQUAL 0)
  message(FATAL_ERROR
    "jupyter-flow: the build needs the plotly Python package (it is in pyproject.toml's "
    "build-system.requires; with --no-build-isolation, pip install plotly first).")
endif()
string(REPLACE "\n" ";" _jf_plotly "${_jf_plotly}")
list(GET _jf_plotly 0 _jf_plotly_version)
list(GET _jf_plotly 1 _jf_plotly_bundle)
message(STATUS "jupyter-flow labextension: ships plotly ${_jf_plotly_version}'s widget (${_jf_plotly_bundle})")
install(FILES "${_jf_plotly_bundle}" DESTINATION "${_jf_dest}/static"
        RENAME "plotly-widget-${_jf_plotly_version}.js")
