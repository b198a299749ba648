// /docs: Swagger UI (served from static/vendor/swagger-ui/) over this server's OpenAPI document.
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  window.peacekgApiDocs = SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null, // no badge fetched from validator.swagger.io
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
  });
})();
