package org.nodehandshake.camel;

import java.util.Properties;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.nodehandshake.module.ProtocolRegistry;

/**
 * Route tests run the shipped YAML routes with the shipped beans: each test class gives its
 * {@code handshake.*} properties, loads the route files it needs, advises them (mocks in place of file
 * and log endpoints) and then starts the context.
 */
public abstract class ShippedRoutesTestSupport extends CamelTestSupport {

    /** The {@code handshake.*} properties of this test class; they override the shipped defaults. */
    protected abstract Properties handshakeProperties();

    /** The protocols the beans are built with: this build's, unless a test adds its own module. */
    protected ProtocolRegistry registry() {
        return ProtocolRegistry.builtIn();
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withUseOverridePropertiesWithPropertiesComponent(handshakeProperties());
    }

    /** Binds the shipped beans and loads the given files of {@code routes/}; the context is not started yet. */
    protected void loadShippedRoutes(String... files) throws Exception {
        new HandshakeBeans(registry()).configure(context);
        var loader = PluginHelper.getRoutesLoader(context);
        for (String file : files) {
            loader.loadRoutes(ResourceHelper.resolveResource(context, "file:routes/" + file));
        }
    }

    /** The report route's report file, latest.json, log and HTML page endpoints, as mocks of the same names. */
    protected void mockReportEndpoints() throws Exception {
        AdviceWith.adviceWith(context, "report-run", route -> {
            route.weaveById("report-file").replace().to("mock:report-file");
            route.weaveById("latest-file").replace().to("mock:latest-file");
            route.weaveById("report-log").replace().to("mock:report-log");
            route.weaveById("page-file").replace().to("mock:page-file");
            route.weaveById("latest-page-file").replace().to("mock:latest-page-file");
        });
    }

    protected static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
