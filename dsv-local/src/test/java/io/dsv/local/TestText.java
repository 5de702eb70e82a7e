package io.dsv.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the end-to-end tests read out of raw bytes and flat JSON, without a JSON library in the way. */
public final class TestText {

    private static final Pattern OBJECT = Pattern.compile("\\{([^}]*)}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(null|\"([^\"]*)\"|(-?\\d+))");

    private TestText() {
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The flat objects of a JSON array (such as a secret's history), each as its fields' text; null stays null. */
    public static List<Map<String, String>> objects(String json) {
        List<Map<String, String>> objects = new ArrayList<>();
        Matcher object = OBJECT.matcher(json);
        while (object.find()) {
            Map<String, String> fields = new HashMap<>();
            Matcher f = FIELD.matcher(object.group(1));
            while (f.find()) {
                fields.put(f.group(1), f.group(3) != null ? f.group(3) : f.group(4));
            }
            objects.add(fields);
        }
        return objects;
    }
}
