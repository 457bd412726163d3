"""Crash-safe file replacement: readers see either the old file or the complete new one.

The bytes go to a temporary file in the destination's directory (so the rename cannot cross
file systems), are flushed to disk, and the temporary file is renamed over the destination;
the directory is then flushed so the rename itself survives a power loss. A process killed
at any point leaves the previous file intact (and at worst a stray `.<name>.*.tmp` file).
"""
import os
import tempfile


def write_atomically(path, data):
    """Replace the file at `path` with `data` (bytes, or a list of bytes-like chunks written in
    order) so that no reader ever sees a partial file.

    >>> write_atomically("/tmp/ckpt/checkpoint", b'model_checkpoint_path: "model.ckpt-5"\\n')
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp_path = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in (data if isinstance(data, list) else [data]):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        try:
            os.unlink(tmp_path)
        except FileNotFoundError:
            pass
        raise
    fsync_directory(directory)


def fsync_directory(directory):
    """Flush a directory's entries (renames, deletions) to disk, where the OS allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows cannot open directories; its renames are journaled by NTFS
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (and Windows) refuse fsync on directories
    finally:
        os.close(fd)
