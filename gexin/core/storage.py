"""Where uploaded files are written: the file system, never leaving half a file.

`SafeFileSystemStorage` writes a file under a temporary name in its final folder, makes
sure it is on the disk, and only then gives it its name (`os.replace`, atomic on one
file system). Whatever goes wrong on the way, a full disk included, the temporary file
is removed: a reader sees the whole file or none.
"""

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs


class SafeFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that writes through a temporary file in the same folder."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            try:
                if hasattr(content, "chunks"):
                    for chunk in content.chunks():
                        self._write(descriptor, chunk)
                else:
                    self._write(descriptor, content.read())
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            # Generated names do not collide; a name taken meanwhile gets another.
            while not self._allow_overwrite and os.path.exists(full_path):
                name = self.get_available_name(name)
                full_path = self.path(name)
            os.replace(temporary, full_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
            raise
        self._ensure_location_group_id(full_path)
        # The name relative to the storage root, with forward slashes.
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    @staticmethod
    def _write(descriptor, data):
        """Write all of `data`; os.write may take less than it is given."""
        if isinstance(data, str):
            data = data.encode()
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
