package io.dsv.core.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of the {@link Message} records: a format byte, a type tag, then each record component
 * in declaration order. Small and dependency-free; bump FORMAT whenever a record changes shape.
 *
 * <p>Supported component types: String, int, long, boolean, byte[], enums (by name), Lists of
 * those or of nested records. Nulls are allowed for reference types.
 */
public final class MessageCodec {

    private static final byte FORMAT = 6;
    private static final List<Class<? extends Message>> TYPES = List.of(
            TxIntent.class, TxDecision.class, TxOutcome.class, Prepared.class, Destroyed.class, SharePut.class,
            ShareAbort.class, ShareDestroy.class, ShareAck.class, RepairRequest.class,
            MembershipChange.class, ShareRelease.class, AuditEvent.class);

    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
        int tag = TYPES.indexOf(message.getClass());
        if (tag < 0) {
            throw new IllegalArgumentException("not a registered message type: " + message.getClass().getName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(tag);
            writeRecord(out, message);
        } catch (IOException e) {
            throw new IllegalStateException("encoding to memory failed", e);
        }
        return bytes.toByteArray();
    }

    public static Message decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new MalformedMessageException("unknown message format " + format);
            }
            int tag = in.readUnsignedByte();
            if (tag >= TYPES.size()) {
                throw new MalformedMessageException("unknown message type tag " + tag);
            }
            return (Message) readRecord(in, TYPES.get(tag));
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedMessageException m) {
                throw m;
            }
            throw new MalformedMessageException("malformed message: " + e.getClass().getSimpleName());
        }
    }

    private static void writeRecord(DataOutputStream out, Object record) throws IOException {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
            writeValue(out, component.getGenericType(), value);
        }
    }

    private static void writeValue(DataOutputStream out, Type type, Object value) throws IOException {
        Class<?> raw = rawClass(type);
        if (raw == int.class) {
            out.writeInt((Integer) value);
        } else if (raw == long.class) {
            out.writeLong((Long) value);
        } else if (raw == boolean.class) {
            out.writeBoolean((Boolean) value);
        } else if (value == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            if (raw == String.class) {
                byte[] utf8 = ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            } else if (raw == byte[].class) {
                byte[] bytes = (byte[]) value;
                out.writeInt(bytes.length);
                out.write(bytes);
            } else if (raw.isEnum()) {
                out.writeUTF(((Enum<?>) value).name());
            } else if (raw == List.class) {
                Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
                List<?> list = (List<?>) value;
                out.writeInt(list.size());
                for (Object item : list) {
                    writeValue(out, element, item);
                }
            } else if (raw.isRecord()) {
                writeRecord(out, value);
            } else {
                throw new IllegalArgumentException("unsupported component type " + raw.getName());
            }
        }
    }

    private static Object readRecord(DataInputStream in, Class<?> type) throws IOException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = readValue(in, components[i].getGenericType());
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new MalformedMessageException("cannot build " + type.getSimpleName());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readValue(DataInputStream in, Type type) throws IOException {
        Class<?> raw = rawClass(type);
        if (raw == int.class) {
            return in.readInt();
        } else if (raw == long.class) {
            return in.readLong();
        } else if (raw == boolean.class) {
            return in.readBoolean();
        }
        if (!in.readBoolean()) {
            return null;
        }
        if (raw == String.class) {
            return new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
        } else if (raw == byte[].class) {
            return readBytes(in);
        } else if (raw.isEnum()) {
            return Enum.valueOf((Class<Enum>) raw, in.readUTF());
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            int size = in.readInt();
            if (size < 0 || size > 65_536) {
                throw new MalformedMessageException("list size out of range: " + size);
            }
            List<Object> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(readValue(in, element));
            }
            return List.copyOf(list);
        } else if (raw.isRecord()) {
            return readRecord(in, raw);
        }
        throw new MalformedMessageException("unsupported component type " + raw.getName());
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 16 * 1024 * 1024) {
            throw new MalformedMessageException("length out of range: " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    /** A message that cannot be decoded; its text names no content. */
    public static final class MalformedMessageException extends RuntimeException {
        public MalformedMessageException(String message) {
            super(message);
        }
    }
}
