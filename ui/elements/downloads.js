// A row of buttons that each download a file: links the browser follows itself (into a new tab, as a download),
// drawn as the app's outlined buttons.
export default {
  template: `
    <div class="nicegui-row row q-gutter-sm">
      <q-btn v-for="link in links" :key="link.url" v-bind="look" :label="link.label" :icon="link.icon"
        :href="link.url" target="_blank" download="" />
    </div>
  `,
  props: {
    links: Array,
    look: Object,
  },
};
