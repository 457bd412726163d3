"""Message classes from a FileDescriptorProto built in Python (the TF messages tensorboardX lacks).

The file is added to protobuf's default pool once per process, so importing a module again (or two
modules sharing a dependency) never registers a message twice.
"""
from google.protobuf import descriptor_pool


def message_classes(file_name, build_file_descriptor, names, package="jupyter_flow"):
    """{name: message class} for the messages `names` of the file `build_file_descriptor()` makes."""
    pool = descriptor_pool.Default()
    try:
        pool.FindFileByName(file_name)
    except KeyError:
        pool.AddSerializedFile(build_file_descriptor().SerializeToString())
    try:
        from google.protobuf.message_factory import GetMessageClass
    except ImportError:  # protobuf < 4.21
        from google.protobuf.message_factory import MessageFactory
        GetMessageClass = MessageFactory(pool).GetPrototype  # noqa: N806
    return {name: GetMessageClass(pool.FindMessageTypeByName(f"{package}.{name}")) for name in names}
