package io.clustersim.scenarios.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the Chrome DevTools protocol (a WebSocket from the JDK, JSON by
 * Jackson — no WebDriver needed): opens a page, collects console errors, exceptions, failed or
 * external requests, evaluates JavaScript and takes a full-page screenshot. Test support only.
 *
 * <pre>{@code
 * try (HeadlessChromium chrome = HeadlessChromium.start(binary)) {
 *     HeadlessChromium.Page page = chrome.open(file);
 *     JsonNode value = chrome.evaluate("document.title");
 * }
 * }</pre>
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentHashMap<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    /** The first of {@code chromium}, {@code chromium-browser}, {@code google-chrome} on the PATH, if any. */
    static Optional<Path> find() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium headless with a fresh profile and attaches to its first page. */
    static HeadlessChromium start(Path binary) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("clustersim-chromium");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String browser = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; browser == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browser = m.group(1);
            }
        }
        if (browser == null) {
            process.destroyForcibly();
            throw new IOException("Chromium did not start its DevTools endpoint");
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // Chromium's own logging (dbus and the like) is not the page's console
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI endpoint = URI.create(browser);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint.getAuthority() + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (JsonNode target : JSON.readTree(list)) {
            if (target.path("type").asText().equals("page")) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageUrl == null) {
            process.destroyForcibly();
            throw new IOException("Chromium has no page to attach to: " + list);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        StringBuilder partial = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    try {
                        self[0].dispatch(JSON.readTree(message));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                ws.request(1);
                return null;
            }
        }).join();
        self[0] = new HeadlessChromium(process, profile, socket);
        return self[0];
    }

    private void dispatch(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
            if (f != null) {
                f.complete(message);
            }
        } else {
            events.add(message);
        }
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        socket.sendText(JSON.writeValueAsString(message), true).join();
        JsonNode reply = result.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /**
     * What the page did while loading.
     *
     * @param errors   console errors, uncaught exceptions and log entries of level error
     * @param external requests to anything but the file itself and data: URLs
     */
    record Load(List<String> errors, List<String> external) {
    }

    /** Opens {@code file} and waits for its load event (and a quiet moment after it). */
    Load open(Path file) throws Exception {
        events.clear();
        send("Runtime.enable", null);
        send("Log.enable", null);
        send("Network.enable", null);
        send("Page.enable", null);
        String url = file.toUri().toString();
        send("Page.navigate", params().put("url", url));
        List<String> errors = new ArrayList<>();
        List<String> external = new ArrayList<>();
        boolean loaded = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode event = events.poll(loaded ? 500 : 1000, TimeUnit.MILLISECONDS);
            if (event == null) {
                if (loaded) {
                    break;
                }
                continue;
            }
            String method = event.path("method").asText();
            JsonNode p = event.path("params");
            switch (method) {
                case "Page.loadEventFired" -> loaded = true;
                case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    if (p.path("type").asText().equals("error") || p.path("type").asText().equals("assert")) {
                        errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (p.path("entry").path("level").asText().equals("error")) {
                        errors.add("log: " + p.path("entry").path("text").asText());
                    }
                }
                case "Network.requestWillBeSent" -> {
                    String requested = p.path("request").path("url").asText();
                    if (!requested.equals(url) && !requested.startsWith("data:")) {
                        external.add(requested);
                    }
                }
                case "Network.loadingFailed" -> errors.add("request failed: " + p.path("errorText").asText());
                default -> { }
            }
        }
        if (!loaded) {
            throw new IllegalStateException("the page did not load in 60 s: " + file);
        }
        return new Load(errors, external);
    }

    /** The value of a JavaScript expression (returned by value). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("evaluate: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page at {@code width} CSS pixels, scaled by {@code scale}. */
    byte[] screenshot(int width, double scale) throws Exception {
        int height = evaluate("document.documentElement.scrollHeight").asInt();
        send("Emulation.setDeviceMetricsOverride", params().put("width", width).put("height", height)
                .put("deviceScaleFactor", scale).put("mobile", false));
        JsonNode shot = send("Page.captureScreenshot", params().put("format", "png").put("captureBeyondViewport", true));
        return java.util.Base64.getDecoder().decode(shot.path("data").asText());
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            deleteProfile();
        }
    }

    /**
     * Deletes the temporary profile. Chromium's helper processes may still add or remove files in it
     * as the browser exits (a build failed on a "Network Persistent State" file that vanished
     * mid-walk): a file gone between listing and deleting is no error, and a second pass takes what
     * appeared late.
     */
    private void deleteProfile() throws IOException {
        for (int pass = 0; pass < 2; pass++) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                // a file (or the profile) vanished while walking: the next pass, or nothing, is left
            }
        }
    }
}
