"""tf.gfile and tf.io.gfile: TF's file API over Python's local file functions, with TF's error
types (tf.errors.NotFoundError for a missing file ...) and TF's modes ('r' gives str, 'rb' bytes,
no newline translation).

>>> with tf.gfile.GFile("/tmp/labels.txt", "w") as f: f.write("cat\\ndog\\n")
>>> tf.gfile.Exists("/tmp/labels.txt"), tf.io.gfile.glob("/tmp/*.txt")
"""
import glob as _glob
import os
import shutil

from .framework import errors

_MODES = ("r", "w", "a", "r+", "w+", "a+")


def _os_error(path, error):
    """The tf.errors instance TF raises for an OSError on `path` (TF's message: '<path>; <reason>')."""
    message = f"{path}; {error.strerror or error}"
    if isinstance(error, FileNotFoundError):
        return errors.NotFoundError(None, None, message)
    if isinstance(error, FileExistsError):
        return errors.AlreadyExistsError(None, None, message)
    if isinstance(error, (IsADirectoryError, NotADirectoryError)):
        return errors.FailedPreconditionError(None, None, message)
    if isinstance(error, PermissionError):
        return errors.PermissionDeniedError(None, None, message)
    return errors.UnknownError(None, None, message)


def _path(name):
    return os.fsdecode(os.fspath(name))


class GFile:
    """A file opened lazily (as TF: nothing is created or checked until the first read or write).
    Mode 'r' reads str, 'rb' bytes; write takes str or bytes in any mode.

    >>> with tf.gfile.GFile(path) as f: lines = f.readlines()
    >>> data = tf.gfile.GFile(path, "rb").read()
    """

    def __init__(self, name, mode="r"):
        self.__name = _path(name)
        self.__mode = mode
        self.__binary = "b" in mode
        base = mode.replace("b", "")
        if base not in _MODES:
            raise errors.InvalidArgumentError(None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self.__readable = base.startswith("r") or "+" in base
        self.__writable = base[0] in "wa" or "+" in base
        # Python mode for the underlying byte stream; 'r+' needs the file to exist, as TF.
        self.__os_mode = {"r": "rb", "w": "wb", "a": "ab", "r+": "r+b", "w+": "w+b", "a+": "a+b"}[base]
        self.__file = None

    @property
    def name(self):
        return self.__name

    @property
    def mode(self):
        return self.__mode

    def __stream(self):
        if self.__file is None:
            try:
                self.__file = open(self.__name, self.__os_mode)  # noqa: SIM115 - closed by close()
            except OSError as e:
                raise _os_error(self.__name, e) from None
        return self.__file

    def __reading(self):
        if not self.__readable:
            raise errors.PermissionDeniedError(None, None, "File isn't open for reading")
        return self.__stream()

    def __value(self, data):
        return data if self.__binary else data.decode("utf-8")

    def size(self):
        """The file's length in bytes."""
        return stat(self.__name).length

    def write(self, file_content):
        """Append str or bytes at the current position."""
        if not self.__writable:
            raise errors.PermissionDeniedError(None, None, "File isn't open for writing")
        data = file_content.encode("utf-8") if isinstance(file_content, str) else bytes(file_content)
        self.__stream().write(data)

    def read(self, n=-1):
        """n bytes (all the rest when n is -1), as str in text mode."""
        return self.__value(self.__reading().read(n))

    def readline(self):
        return self.__value(self.__reading().readline())

    def readlines(self):
        return [self.__value(line) for line in self.__reading().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def seek(self, offset=None, whence=0, position=None):
        """Move to a byte offset (TF1 also accepted it as `position`)."""
        if position is not None:
            offset = position
        self.__stream().seek(offset, whence)

    def tell(self):
        return self.__stream().tell()

    def seekable(self):
        return True

    def flush(self):
        if self.__file is not None:
            self.__file.flush()

    def close(self):
        if self.__file is not None:
            self.__file.close()
            self.__file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def exists(path):
    """True if a file or directory is at `path`."""
    return os.path.exists(_path(path))


def isdir(path):
    return os.path.isdir(_path(path))


def mkdir(path):
    """Create one directory; its parent must exist (NotFoundError otherwise). An existing
    directory is not an error (as TF 2's create_dir)."""
    path = _path(path)
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except OSError as e:
        raise _os_error(path, e) from None


def makedirs(path):
    """Create a directory and any missing parents; an existing directory is fine."""
    path = _path(path)
    try:
        os.makedirs(path, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise errors.FailedPreconditionError(None, None, f"{path} is not a directory") from None
    except OSError as e:
        raise _os_error(path, e) from None


def listdir(path):
    """The names (not paths) in a directory, without '.' and '..'."""
    path = _path(path)
    if not os.path.isdir(path):
        raise errors.NotFoundError(None, None, f"Could not find directory {path}")
    return os.listdir(path)


def glob(pattern):
    """The paths matching a pattern (or any of a list of patterns); [] when nothing matches.
    Unlike Python's glob, '*' matches names starting with '.' too (as TF)."""
    patterns = [pattern] if isinstance(pattern, (str, bytes, os.PathLike)) else list(pattern)
    matches = []
    for p in patterns:
        matches.extend(_glob.glob(_path(p), include_hidden=True))
    return matches


def remove(path):
    """Delete a file (NotFoundError if missing, FailedPreconditionError for a directory)."""
    path = _path(path)
    if os.path.isdir(path):
        raise errors.FailedPreconditionError(None, None, f"{path}; Is a directory")
    try:
        os.remove(path)
    except OSError as e:
        raise _os_error(path, e) from None


def rmtree(path):
    """Delete a directory and everything below it (or a single file)."""
    path = _path(path)
    if not os.path.exists(path):
        raise errors.NotFoundError(None, None, f"{path} not found")
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    except OSError as e:
        raise _os_error(getattr(e, "filename", None) or path, e) from None


def _check_target(src, dst, overwrite):
    if not os.path.exists(src):
        raise errors.NotFoundError(None, None, f"{src}; No such file or directory")
    if not overwrite and os.path.exists(dst):
        raise errors.AlreadyExistsError(None, None, "file already exists")


def rename(src, dst, overwrite=False):
    """Move src to dst; AlreadyExistsError if dst exists unless overwrite."""
    src, dst = _path(src), _path(dst)
    _check_target(src, dst, overwrite)
    try:
        os.replace(src, dst)
    except OSError as e:
        raise _os_error(src, e) from None


def copy(src, dst, overwrite=False):
    """Copy a file's bytes to dst; AlreadyExistsError if dst exists unless overwrite."""
    src, dst = _path(src), _path(dst)
    _check_target(src, dst, overwrite)
    try:
        shutil.copyfile(src, dst)
    except OSError as e:
        raise _os_error(e.filename or src, e) from None


class FileStatistics:
    """What stat returns: length (bytes), mtime_nsec, is_directory."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory

    def __repr__(self):
        return (f"FileStatistics(length={self.length}, mtime_nsec={self.mtime_nsec}, "
                f"is_directory={self.is_directory})")


def stat(path):
    """The FileStatistics of a file or directory (NotFoundError if missing)."""
    path = _path(path)
    try:
        st = os.stat(path)
    except OSError as e:
        raise _os_error(path, e) from None
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(path))


def walk(top, topdown=True, onerror=None):
    """(dirpath, subdirnames, filenames) for top and each directory below it; nothing for a
    missing top.

    >>> for root, dirs, files in tf.io.gfile.walk(logdir): ...
    """
    top = _path(top)
    try:
        names = listdir(top)
    except errors.NotFoundError as e:
        if onerror is not None:
            onerror(e)
        return
    subdirs = [n for n in names if os.path.isdir(os.path.join(top, n))]
    files = [n for n in names if n not in subdirs]
    if topdown:
        yield top, subdirs, files
    for name in subdirs:
        yield from walk(os.path.join(top, name), topdown, onerror)
    if not topdown:
        yield top, subdirs, files


def _tf1_walk(top, in_order=True):
    """tf.gfile.Walk(top, in_order=True): walk with TF1's argument name."""
    return walk(top, topdown=in_order)


# TF1's tf.gfile names; tf.io.gfile (below) has TF2's.
Open = GFile
Exists, IsDirectory, MkDir, MakeDirs, ListDirectory, Glob = exists, isdir, mkdir, makedirs, listdir, glob
Remove, DeleteRecursively, Rename, Copy, Stat, Walk = remove, rmtree, rename, copy, stat, _tf1_walk


class FastGFile(GFile):
    """TF1's deprecated 'file I/O without thread locking': the same as GFile here."""
