// Bindings of the file helpers (include/talentmatch/io/file.hpp): the one atomic writer, which Problem.to_json
// (python/talentmatch/problem.py) and the command line use, and the nesting limit of the document reader, which the
// Python side applies to dicts before they become JSON text.

#include <pybind11/pybind11.h>

#include <exception>
#include <string>

#include "register.hpp"
#include "talentmatch/io/file.hpp"
#include "talentmatch/io/json.hpp"

namespace py = pybind11;

namespace talentmatch::python {

void register_io(py::module_& m) {
  // A file_error (a talentmatch::error in C++) is an operating-system failure, not a bad value: it becomes the
  // OSError for its errno (FileNotFoundError for a missing folder, PermissionError, IsADirectoryError), with the
  // C++ message and the path it names as `filename`, so Python callers catch it as they catch open()'s errors.
  // Registered after Error's translator, so tried before it (pybind11 tries the newest first).
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const io::file_error& e) {
      py::object instance = py::reinterpret_borrow<py::object>(PyExc_OSError)(e.code(), e.what(), e.path());
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(instance.ptr())), instance.ptr());
    }
  });

  m.attr("max_json_depth") = io::max_depth;
  m.def(
      "write_file_atomically",
      [](const std::string& path, const std::string& text) {
        // The strings are copies: the write, flush and rename touch no Python object.
        py::gil_scoped_release release;
        io::write_file_atomically(path, text);
      },
      py::arg("path"), py::arg("text"),
      "Writes text (str as UTF-8, or bytes) to path whole or not at all: a temporary file beside it, fsync, rename. "
      "Raises the OSError for the failure, naming the path or folder.");
}

}  // namespace talentmatch::python
