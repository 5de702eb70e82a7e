package io.dsv.gateway.config;

import io.dsv.core.domain.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}):
 * every operation lists the problem-details answers it can give, with their stable codes.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI dsvOpenApi() {
        return new OpenAPI()
                .info(new Info().title("DSV — Distributed Secrets Vault").version("v1")
                        .description("Secrets split with Shamir's Secret Sharing across shard nodes."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            Schema<?> code = new StringSchema()._enum(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
            Schema<?> problem = new ObjectSchema()
                    .addProperty("type", new StringSchema()).addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema())
                    .addProperty("code", code).addProperty("field", new StringSchema())
                    .addProperty("line", new IntegerSchema()).addProperty("column", new IntegerSchema());
            api.getComponents().addSchemas("Problem", problem);
            Map<Integer, List<String>> codesByStatus = new TreeMap<>(Arrays.stream(ErrorCode.values())
                    .collect(Collectors.groupingBy(ErrorCode::httpStatus,
                            Collectors.mapping(ErrorCode::code, Collectors.toList()))));
            Content content = new Content().addMediaType("application/problem+json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.readOperations().forEach(operation -> codesByStatus.forEach((status, codes) ->
                            operation.getResponses().putIfAbsent(Integer.toString(status), new ApiResponse()
                                    .description("problem details; code: " + String.join(", ", codes))
                                    .content(content))));
                }
            });
        };
    }
}
